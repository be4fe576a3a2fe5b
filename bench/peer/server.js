// The peer's server: express-pouchdb over PouchDB (LevelDB) on loopback, as a CouchDB-style
// replication target. Started by peer.js as a child process, so that client and server each have
// a process, as Doorstep's device and server do. Prints "listening <port>" once ready.
'use strict';
const express = require('express');
const PouchDB = require('pouchdb');

const dataDir = process.argv[2];
const ServerPouch = PouchDB.defaults({ prefix: dataDir + '/' });
const app = express();
// The replication endpoints only: no Fauxton, no _config file, no logging to disk.
app.use('/', require('express-pouchdb')(ServerPouch, {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
  logPath: dataDir + '/log.txt',
}));
const server = app.listen(0, '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
