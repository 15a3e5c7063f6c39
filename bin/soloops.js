#!/usr/bin/env node
// Loads the built CLI; everything else lives in dist/.
import('../dist/cli/main.js');
