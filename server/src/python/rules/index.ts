import type { PythonRule } from '../rule';
import offStackImport from './off-stack-import';
import legacyDeclarativeBase from './legacy-declarative-base';
import pydanticV1Config from './pydantic-v1-config';
import sqliteInProduction from './sqlite-in-production';
import blockingHttpInAsync from './blocking-http-in-async';
import globalMutableState from './global-mutable-state';
import bareExcept from './bare-except';
import naiveDatetime from './naive-datetime';
import printCall from './print-call';
import pytzUsage from './pytz-usage';
import sqlStringFormatting from './sql-string-formatting';
import uvicornRunReload from './uvicorn-run-reload';
import flaskDebug from './flask-debug';

/** Every Python rule, in the order of the rule catalog. */
export const PYTHON_RULES: PythonRule[] = [
  printCall,
  bareExcept,
  sqlStringFormatting,
  pytzUsage,
  naiveDatetime,
  globalMutableState,
  blockingHttpInAsync,
  sqliteInProduction,
  pydanticV1Config,
  legacyDeclarativeBase,
  offStackImport,
  uvicornRunReload,
  flaskDebug,
];
