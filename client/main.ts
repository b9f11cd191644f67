/** Wires the store, the live session, the page theme and <rb-app>; nothing else. */
import './components/rb-app.js';
import { Session } from './session.js';
import { ClientStore } from './store.js';
import { PAGE_CSS } from './styles.js';
import { themeSetting } from './theme-setting.js';

const page = document.createElement('style');
page.textContent = PAGE_CSS;
document.head.append(page);
const applyTheme = () => (document.documentElement.dataset.theme = themeSetting.theme);
applyTheme();
themeSetting.subscribe(applyTheme);

const store = new ClientStore((run) => requestAnimationFrame(run));
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
const session = new Session(wsUrl, store);
// Inputs are set before the element connects, so its controllers see the store.
const app = document.createElement('rb-app');
app.store = store;
app.session = session;
document.body.append(app);
