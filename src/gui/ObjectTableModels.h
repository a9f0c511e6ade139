#pragma once

#include "WorkspaceDocument.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QStringMatcher>

#include <vector>

namespace cmic::validation {
class ValidationHistory;
}

namespace cmic {

class Clock;

// A table over one kind of object in a WorkspaceDocument. One column per member; the column's field name is the
// member name (the same name SetupRules puts in Finding::field and the form widget's objectName).
// Qt::DisplayRole is for people (enum labels, referenced names); Qt::EditRole is the stored value (enum words, ids,
// bool, QDate, QStringList). setData never edits: it pushes a ChangeObjectCommand onto the document's undo stack.
class ObjectTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // the object's id
        SeverityRole,              // worst finding severity for the cell (column 0: for the object), -1 for none
        FindingsTextRole,          // the findings' messages for the cell, one per line
    };

    ObjectTableModel(WorkspaceDocument *document, ObjectKind kind, QObject *parent = nullptr);

    ObjectKind kind() const { return m_kind; }
    WorkspaceDocument *document() const { return m_document; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    QString fieldName(int column) const;
    int columnOf(const QString &field) const;
    // Columns worth showing in the table (the rest are in the detail form) and searched by the filter box.
    QList<int> summaryColumns() const;
    QModelIndex indexOfId(const QString &id, int column = 0) const;

    // Adds a new object after |row| (or at the end) as an undoable command; returns its row.
    virtual int addObject(int afterRow = -1) = 0;
    // Removes the object at |row| as an undoable command.
    virtual void removeObject(int row) = 0;

protected:
    struct Column
    {
        const char *field;
        const char *header; // translated with tr() in the cmic::ObjectTableModel context
        bool summary;
    };
    virtual const QList<Column> &columns() const = 0;
    virtual QVariant value(int row, int column, int role) const = 0;
    // Returns false for a value the column cannot take.
    virtual bool edit(int row, int column, const QVariant &value) = 0;

    QString columnTitle(int column) const;
    bool isValidCell(const QModelIndex &index) const;
    void emitAllRowsChanged(const QList<int> &roles = {});

    WorkspaceDocument *m_document;
    ObjectKind m_kind;
};

class EnvironmentModel final : public ObjectTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Deployment,
        CloudTenant,
        ApiBaseUrl,
        UserSource,
        UserClaim,
        RemoveDomain,
        IpCheck,
        PatchLevel,
        ProbeEndpoints
    };
    explicit EnvironmentModel(WorkspaceDocument *document, QObject *parent = nullptr);
    int addObject(int afterRow = -1) override;
    void removeObject(int row) override;

protected:
    const QList<ObjectTableModel::Column> &columns() const override;
    QVariant value(int row, int column, int role) const override;
    bool edit(int row, int column, const QVariant &value) override;
};

class ServiceUserModel final : public ObjectTableModel
{
    Q_OBJECT
public:
    enum Column { Username, EmailUsername, DisplayName, Dedicated, Notes };
    explicit ServiceUserModel(WorkspaceDocument *document, QObject *parent = nullptr);
    int addObject(int afterRow = -1) override;
    void removeObject(int row) override;

protected:
    const QList<ObjectTableModel::Column> &columns() const override;
    QVariant value(int row, int column, int role) const override;
    bool edit(int row, int column, const QVariant &value) override;
};

class RegistrationModel final : public ObjectTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        EnvironmentId,
        IdpPreset,
        PresetParameters,
        AppId,
        Issuer,
        JwksUri,
        TokenEndpoint,
        DiscoveryUrl,
        Scope,
        Audience,
        Resource,
        AuthMethod,
        ServiceUserId,
        SecretExpiry,
        AssertionAlgorithm,
        AssertionKeyId,
        AssertionCertificate,
        AssertionThumbprint,
        Notes,
        LastValidation // read-only: the last Validate Setup run (ValidationHistory), EditRole its finishedAt
    };
    explicit RegistrationModel(WorkspaceDocument *document, QObject *parent = nullptr);
    int addObject(int afterRow = -1) override;
    void removeObject(int row) override;
    // Where the LastValidation column reads from (not owned; null: the column stays empty); |clock| for "today".
    void setValidationHistory(const validation::ValidationHistory *history, const Clock *clock);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Sets the IdP preset and its parameters as IdpPreset::appliedTo decides (what a switch keeps, replaces or
    // clears), as one undo step: a switch is its own step named after the new preset; parameter typing merges.
    // |parameters|: the values typed for this preset (empty on a switch: core carries over what fits).
    // Returns false when |presetId| is unknown.
    bool applyPreset(int row, const QString &presetId, const QMap<QString, QString> &parameters);

protected:
    const QList<ObjectTableModel::Column> &columns() const override;
    QVariant value(int row, int column, int role) const override;
    bool edit(int row, int column, const QVariant &value) override;

private:
    const validation::ValidationHistory *m_history = nullptr;
    const Clock *m_clock = nullptr;
};

// Case-insensitive filter across the model's summary columns (those the table shows).
class ObjectFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    // |summaryColumnsOnly|: the proxy has only the source's summary columns (in source order), so a view over it
    // never creates, measures or hides the others; column 0 (the name) is always a summary column.
    explicit ObjectFilterModel(ObjectTableModel *source, QObject *parent = nullptr, bool summaryColumnsOnly = false);
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool filterAcceptsColumn(int sourceColumn, const QModelIndex &sourceParent) const override;

private:
    ObjectTableModel *m_source;
    QList<int> m_columns;
    QString m_text;
    QStringMatcher m_matcher{QString(), Qt::CaseInsensitive};
    bool m_summaryColumnsOnly = false;
    // Per source row, whether the current filter text accepted it (filled by a full pass; emptied whenever the
    // source's rows or data change). A text that contains the previous one can only accept rows the previous one
    // accepted, so such a keystroke tests only those (m_narrowFrom, during that pass).
    mutable std::vector<bool> m_accepted;
    std::vector<bool> m_narrowFrom;
};

} // namespace cmic
