// A Jest transformer: TypeScript to ESM JavaScript with esbuild (a dev dependency of the project already),
// types stripped, nothing bundled, with an inline source map so that stack traces name the .ts lines.
import { transformSync } from 'esbuild';

export default {
  process(source, file) {
    const { code } = transformSync(source, {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: file,
      sourcemap: 'inline',
    });
    return { code };
  },
};
