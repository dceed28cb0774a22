// Splits the request's resourcePaths into batches of `batchSize` (default 2), one per download task.
exports.handler = async (event) => {
  const size = event.batchSize ?? 2;
  const tasks = [];
  for (let i = 0; i < event.resourcePaths.length; i += size) tasks.push(event.resourcePaths.slice(i, i + size));
  return { tasks };
};
