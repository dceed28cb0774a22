// The test kit under Vitest: the shared scenario (../pipeline-scenario.ts) with Vitest's globals and expect.
// Run by ../vitest.test.ts (part of npm test), or alone with `npx vitest run --root examples/image-pipeline/vitest`.

import { afterAll, describe, expect, it } from 'vitest';
import { imagePipelineScenario } from '../pipeline-scenario.ts';

imagePipelineScenario({ name: 'Vitest', describe, it, afterAll, expect });
