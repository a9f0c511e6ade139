#pragma once

#include <QDate>
#include <QWidget>

class QCheckBox;
class QDateEdit;

namespace cmic {

// A date that may be unknown: a "known" check box plus a QDateEdit. The user property `date` is a null QDate while
// the box is unchecked, so QDataWidgetMapper maps it like any editor.
class OptionalDateEdit : public QWidget
{
    Q_OBJECT
    Q_PROPERTY(QDate date READ date WRITE setDate NOTIFY dateChanged USER true)
public:
    explicit OptionalDateEdit(QWidget *parent = nullptr);

    QDate date() const;
    void setDate(const QDate &date);

    QCheckBox *knownBox() const { return m_known; }
    QDateEdit *dateEdit() const { return m_edit; }

signals:
    void dateChanged(const QDate &date);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QCheckBox *m_known;
    QDateEdit *m_edit;
    bool m_updating = false;
};

} // namespace cmic
