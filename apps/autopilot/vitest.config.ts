import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

/**
 * The app's tests run real `dalio` child processes (SIGKILLs, races, the simulator, s3rver, Chromium). On two
 * busy cores one such scenario can take longer than the shared 30 s, so the timeout here only catches a hang.
 */
export default mergeConfig(sharedVitestConfig, { test: { testTimeout: 120_000 } });
