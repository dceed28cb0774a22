-- 0014: the persisted crash count. A work item performed again after its first claim is marked
-- (started = 1) before its step runs; its commit deletes the row, a graceful stop clears the mark. A
-- claim that finds the mark still set means the process died during that step: it is charged
-- (crashes + 1), and the runtime stops an execution whose work was charged too often.

ALTER TABLE work ADD COLUMN started INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
