import type { PythonRule } from '../rule';
import unusedSuppression from './unused-suppression';
import bareExcept from './bare-except';
import naiveDatetime from './naive-datetime';
import printCall from './print-call';
import pytzUsage from './pytz-usage';
import sqlStringFormatting from './sql-string-formatting';

/** Every Python rule, in the order of the rule catalog. */
export const PYTHON_RULES: PythonRule[] = [
  printCall,
  bareExcept,
  sqlStringFormatting,
  pytzUsage,
  naiveDatetime,
  unusedSuppression,
];
