#pragma once

#include "WorkspaceDocument.h"

#include <QUndoCommand>

namespace cmic {

// Command ids for merging: consecutive edits of the same field of the same object become one undo step.
// (Tiled's ChangeValue idea, over whole value objects: the command keeps the object before and after.)
enum CommandId { kNoMerge = -1, kChangeFieldBase = 1000 };

// Changes one object (found by id, so it survives reordering). |mergeKey| identifies the edited field; edits with the
// same key on the same object merge, so typing into one field is one undo step. kNoMerge never merges.
template <typename T>
class ChangeObjectCommand : public QUndoCommand
{
public:
    ChangeObjectCommand(WorkspaceDocument *document, const T &before, const T &after, const QString &text,
                        int mergeKey = kNoMerge, QUndoCommand *parent = nullptr)
        : QUndoCommand(text, parent), m_document(document), m_before(before), m_after(after), m_mergeKey(mergeKey)
    {}

    void redo() override { apply(m_after); }
    void undo() override { apply(m_before); }

    int id() const override
    {
        return m_mergeKey == kNoMerge ? -1 : kChangeFieldBase + static_cast<int>(kindOf<T>()) * 100 + m_mergeKey;
    }

    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *o = dynamic_cast<const ChangeObjectCommand<T> *>(other);
        if (!o || o->m_after.id != m_after.id || o->m_mergeKey != m_mergeKey)
            return false;
        m_after = o->m_after;
        setObsolete(m_after == m_before);
        return true;
    }

private:
    void apply(const T &value)
    {
        const int row = m_document->indexOf<T>(value.id);
        if (row >= 0)
            m_document->replaceObject(row, value);
    }

    WorkspaceDocument *m_document;
    T m_before;
    T m_after;
    int m_mergeKey;
};

template <typename T>
class AddObjectCommand : public QUndoCommand
{
public:
    AddObjectCommand(WorkspaceDocument *document, int row, const T &value, const QString &text,
                     QUndoCommand *parent = nullptr)
        : QUndoCommand(text, parent), m_document(document), m_row(row), m_value(value)
    {}
    void redo() override { m_document->insertObject(m_row, m_value); }
    void undo() override
    {
        const int row = m_document->indexOf<T>(m_value.id);
        if (row >= 0)
            m_document->template removeObject<T>(row);
    }

private:
    WorkspaceDocument *m_document;
    int m_row;
    T m_value;
};

template <typename T>
class RemoveObjectCommand : public QUndoCommand
{
public:
    RemoveObjectCommand(WorkspaceDocument *document, int row, const QString &text, QUndoCommand *parent = nullptr)
        : QUndoCommand(text, parent), m_document(document), m_row(row), m_value(document->object<T>(row))
    {}
    void redo() override
    {
        const int row = m_document->indexOf<T>(m_value.id);
        if (row >= 0) {
            m_row = row;
            m_document->template removeObject<T>(row);
        }
    }
    void undo() override { m_document->insertObject(m_row, m_value); }

private:
    WorkspaceDocument *m_document;
    int m_row;
    T m_value;
};

// Replaces the workspace settings (one accepted Workspace Settings dialog: "Change workspace settings").
class ChangeSettingsCommand : public QUndoCommand
{
public:
    ChangeSettingsCommand(WorkspaceDocument *document, const WorkspaceSettings &after, const QString &text,
                          QUndoCommand *parent = nullptr)
        : QUndoCommand(text, parent), m_document(document), m_before(document->workspace().settings), m_after(after)
    {}
    void redo() override { m_document->setSettings(m_after); }
    void undo() override { m_document->setSettings(m_before); }

private:
    WorkspaceDocument *m_document;
    WorkspaceSettings m_before;
    WorkspaceSettings m_after;
};

} // namespace cmic
