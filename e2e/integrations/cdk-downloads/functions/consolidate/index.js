// Splits the flattened download results into successes and failures.
exports.handler = async (event) => {
  const succeeded = event.results.filter((result) => result.ok);
  const failed = event.results.filter((result) => !result.ok).map((result) => result.path);
  return { succeeded, failed, allSucceeded: failed.length === 0 };
};
