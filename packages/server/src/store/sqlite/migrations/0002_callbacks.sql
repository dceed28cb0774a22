-- 0002: callbacks, activities and nested executions. A task token is kept after its task ends, closed
-- with the reason (a second SendTaskSuccess is told TaskDoesNotExist, a late one TaskTimedOut); a child
-- execution started by a Task remembers its parent task, to report back (.sync) and be stopped with it.

ALTER TABLE task_tokens ADD COLUMN closed_reason TEXT;
CREATE INDEX task_tokens_by_task ON task_tokens (execution_arn, task_id);

ALTER TABLE executions ADD COLUMN parent_execution_arn TEXT;
ALTER TABLE executions ADD COLUMN parent_task_id TEXT;
ALTER TABLE executions ADD COLUMN parent_resource TEXT;
CREATE INDEX executions_by_parent ON executions (parent_execution_arn, parent_task_id);
