#include "WizardWidgets.h"

#include "ValidationStatusStyle.h"

#include <QIcon>
#include <QLabel>
#include <QPushButton>

namespace cmic::wizardui {

QLabel *valueLabel(const QString &name, const QString &accessible, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setAccessibleName(accessible);
    label->setWordWrap(true);
    // Plain: these show what servers and tokens said (an IdP's error_description, claims), never markup.
    label->setTextFormat(Qt::PlainText);
    // Top: a wrapped label given more height than its lines need must not float its text down.
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QPushButton *pushButton(const QString &name, const QString &text, const QString &accessible, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessible);
    b->setAutoDefault(false);
    return b;
}

void showMessage(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QString continued(QString sentence)
{
    if (sentence.size() > 1 && sentence.at(0).isUpper() && sentence.at(1).isLower())
        sentence[0] = sentence.at(0).toLower();
    return sentence;
}

QPixmap glyph(validation::StepStatus status, int side, qreal dpr)
{
    return ValidationStatusStyle::icon(status).pixmap(QSize(side, side), dpr);
}

} // namespace cmic::wizardui
