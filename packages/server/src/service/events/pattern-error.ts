// The one error a bad event pattern raises while it is compiled; the API turns it into InvalidEventPatternException.

export class PatternError extends Error {
  override name = 'PatternError';
}
