#pragma once

#include "core/validation/ValidationReport.h"

#include <QWidget>

class QLabel;
class QPalette;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace cmic {

// One step of a run in detail: its status and summary, the findings with what to do (a finding about a field of
// the registration, environment or service user links to it), every check it made, and the HTTP exchanges (masked
// traces) with "Copy as curl" to replay one in a terminal.
class ValidationStepDetails : public QWidget
{
    Q_OBJECT
public:
    explicit ValidationStepDetails(QWidget *parent = nullptr);

    void setResult(const validation::StepResult &result);
    void clear();
    const validation::StepResult &result() const { return m_result; }
    // The run's CA bundle and proxy, which "Copy as curl" adds to the command.
    void setCurlOptions(const net::CurlOptions &options) { m_curlOptions = options; }

    // Copies the selected exchange (the first when none is selected) as a curl command; false when the step made
    // no request.
    bool copySelectedAsCurl();
    int selectedExchange() const;

    QTextBrowser *findingsView() const { return m_findings; }
    QTreeWidget *checksView() const { return m_checks; }
    QTreeWidget *exchangesView() const { return m_exchanges; }
    QTabWidget *tabs() const { return m_tabs; }

    // Findings as HTML paragraphs (message, code, what to do); a finding about a field gets a link
    // "finding:<firstLink + index>" to show it.
    static QString findingsHtml(const Findings &findings, const QPalette &palette, int firstLink = 0);

signals:
    // A finding's "show the field" link was clicked.
    void findingActivated(const cmic::Finding &finding);
    // A short confirmation for a status line ("Copied ... as a curl command").
    void message(const QString &text);

private:
    void showExchange(int index);
    QString findingsHtml() const;

    validation::StepResult m_result;
    net::CurlOptions m_curlOptions;
    bool m_hasResult = false;
    QLabel *m_title;
    QLabel *m_summary;
    QTabWidget *m_tabs;
    QTextBrowser *m_findings;
    QTreeWidget *m_checks;
    QTreeWidget *m_exchanges;
    QPlainTextEdit *m_exchangeText;
    QPushButton *m_copyCurl;
};

} // namespace cmic
