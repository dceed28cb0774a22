// The test kit under Jest: the shared scenario (../pipeline-scenario.ts) with Jest's globals and expect from
// @jest/globals. Run by ../jest.test.ts (part of npm test), or alone with
// `node --experimental-vm-modules node_modules/jest/bin/jest.js --config examples/image-pipeline/jest/jest.config.js`.

import { afterAll, describe, expect, it } from '@jest/globals';
import { imagePipelineScenario } from '../pipeline-scenario.ts';

imagePipelineScenario({ name: 'Jest', describe, it, afterAll, expect });
