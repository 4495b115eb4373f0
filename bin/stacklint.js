#!/usr/bin/env node
'use strict';
require('../dist/cli-replay.js');
