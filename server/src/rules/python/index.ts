import type { PythonRule } from '../rule';
import bareExcept from './bare-except';

/** Every Python rule, in the order of the rule catalog. */
export const PYTHON_RULES: PythonRule[] = [
  bareExcept,
];
