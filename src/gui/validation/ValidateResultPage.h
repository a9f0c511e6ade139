#pragma once

#include <QWizardPage>

class QLabel;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace cmic {

class PermissionsMatrixView;

class Clock;
class TokenInspector;
class UserPrompts;
class ValidateRunPage;
struct Finding;
namespace validation {
struct ValidationReport;
}

// The Validate-setup wizard's result page: the headline and its meaning from validation::ReportVerdict (so the
// wizard, the reports and the CLI never disagree), who CMiC runs as, the token inspector, every finding of the run,
// and Save report (HTML/JSON, never a secret or the token), Copy token (memory only), Run again. It shows the run
// the run page owns and keeps nothing of its own but what it displays.
class ValidateResultPage : public QWizardPage
{
    Q_OBJECT
public:
    // |run| and |clock| must outlive the page.
    ValidateResultPage(const ValidateRunPage *run, const Clock &clock, QWidget *parent = nullptr);

    // Shows |report| (initializePage(): the run page's last report). Save report and Copy token act on the run's.
    void showResult(const validation::ValidationReport &report);
    // Asks for a file name through |prompts|.
    bool saveReport(UserPrompts &prompts);
    // .json writes JSON, anything else HTML; an error goes to |prompts|.
    bool saveReportTo(const QString &path, UserPrompts &prompts);
    // The run's access token to the clipboard.
    bool copyToken();

    void initializePage() override;

signals:
    void saveReportRequested();
    void runAgainRequested();
    void findingActivated(const cmic::Finding &finding);

private:
    const ValidateRunPage *m_run;
    const Clock &m_clock;

    QLabel *m_resultIcon = nullptr;
    QLabel *m_headline = nullptr;
    QLabel *m_headlineDetail = nullptr;
    QLabel *m_serviceUserResult = nullptr;
    QTabWidget *m_resultTabs = nullptr;
    TokenInspector *m_inspector = nullptr;
    QTextBrowser *m_allFindings = nullptr;
    PermissionsMatrixView *m_permissions = nullptr;
    QPushButton *m_saveReportButton = nullptr;
    QPushButton *m_copyTokenButton = nullptr;
    QPushButton *m_runAgainButton = nullptr;
    QLabel *m_resultMessage = nullptr;
};

} // namespace cmic
