/** Wires the store, the live session and <rb-app>; nothing else. */
import './components/rb-app.js';
import { Session } from './session.js';
import { ClientStore } from './store.js';

const store = new ClientStore((run) => requestAnimationFrame(run));
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
const session = new Session(wsUrl, store);
// Inputs are set before the element connects, so its controllers see the store.
const app = document.createElement('rb-app');
app.store = store;
app.session = session;
document.body.append(app);
