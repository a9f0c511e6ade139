#pragma once

#include "core/validation/ValidationReport.h"

#include <QHash>
#include <QWidget>

namespace cmic {

// The flow a validation run walks, drawn live: the identity provider, this console and CMiC as boxes, with arrows
// for the exchanges between them (Discovery, Token and Keys with the identity provider, the call to CMiC) and the
// local checks (Configuration, Signature, Claims, Service user) inside the console's box. Each arrow and box takes
// the colour of the steps it stands for and shows their status glyph and name, so nothing depends on colour alone;
// the same text is the widget's accessible description and each element's tool tip. Clicking an element selects
// its step (stepClicked).
class ValidationFlowDiagram : public QWidget
{
    Q_OBJECT
public:
    enum class Element { IdentityProvider, Console, Cmic, DiscoveryArrow, TokenArrow, KeysArrow, CmicArrow };
    static constexpr int kElementCount = 7;

    explicit ValidationFlowDiagram(QWidget *parent = nullptr);

    // The steps an element stands for, in pipeline order.
    static QList<validation::StepId> steps(Element element);

    // Everything pending.
    void clear();
    void setReport(const validation::ValidationReport &report);
    void setStepRunning(validation::StepId step);
    void setStepResult(const validation::StepResult &result);
    // Shown under the box titles, e.g. the issuer's host and CMiC's API host.
    void setHosts(const QString &identityProvider, const QString &cmic);

    validation::StepStatus stepStatus(validation::StepId step) const;
    validation::StepStatus status(Element element) const;
    QColor color(Element element) const;
    // "Identity provider: failed (Discovery passed, Token failed, Keys skipped)", "Token: failed".
    QString description(Element element) const;
    // The element drawn at |pos| (widget coordinates), or -1.
    int elementAt(const QPoint &pos) const;
    QRectF elementRect(Element element) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void stepClicked(cmic::validation::StepId step);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Geometry
    {
        QRectF boxes[3];
        QLineF arrows[4];
        QRectF arrowHits[4];
    };
    Geometry geometry() const;
    void updateDescription();
    void paintBox(QPainter &painter, const QRectF &rect, Element element, const QString &title,
                  const QString &host) const;
    void paintArrow(QPainter &painter, const QLineF &line, Element element) const;

    validation::StepStatus m_status[validation::kStepCount];
    QString m_summary[validation::kStepCount];
    QString m_idpHost;
    QString m_cmicHost;
};

} // namespace cmic
