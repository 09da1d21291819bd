// The pipeline, in order. A new step is a module in this folder and one line here:
// a sequential step runs after the steps it needs; an around step joins the phase it names.
import type { AnyStep } from '../step';
import { actuals } from './actuals';
import { adviseStep } from './advise';
import { detect } from './detect';
import { explain } from './explain';
import { inspect } from './inspect';
import { live } from './live';
import { measure } from './measure';
import { read } from './read';
import { trace } from './trace';

export const STEPS: readonly AnyStep[] = [detect, read, inspect, explain, trace, measure, actuals, live, adviseStep];
