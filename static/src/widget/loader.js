/* Live Chat visitor widget: the whole widget in one small file, no globals,
   everything drawn in a shadow root so the host page and the widget cannot
   touch each other's styles. Server data is only ever set as text.
   Reading order: pure helpers (Node's test runner loads them), storage, the
   server's API, drawing, the chat's life, each part's events, start. */
(() => {
'use strict';

/* -- pure helpers: no DOM (static/tests/loader.test.js) ------------------------ */

/**
 * Where a message goes among those shown, so that they stay in id order
 * whatever order they arrive in, each id once.
 * @param {number[]} shownIds the ids shown, top to bottom (0: the welcome, no id)
 * @param {number} id the new message's id (0: none, it goes last)
 * @returns {?number} the index to insert it at; null when it is shown already
 */
const slotFor = (shownIds, id) => {
  if (id && shownIds.includes(id)) return null;
  let slot = shownIds.length;
  while (id && slot > 0 && shownIds[slot - 1] > id) slot--;
  return slot;
};

/**
 * The pause before polling again after `failures` failed polls in a row:
 * doubling from 1 s up to 30 s, ±50 % at random so that visitors cut off
 * together do not all come back at once.
 * @param {number} failures
 * @param {number} [random] in [0, 1)
 */
const retryDelay = (failures, random = Math.random()) =>
  Math.min(30000, 1000 * 2 ** failures) * (0.5 + random);

if (typeof document === 'undefined') {  // Node's test runner, not a page
  module.exports = {slotFor, retryDelay};
  return;
}

const script = document.currentScript;
const source = script && /^(.*)\/livechat\/loader\/(\d+)\.js/.exec(script.src);
if (!source) return;
const server = source[1], channelId = +source[2], fullPage = script.hasAttribute('data-page');
const HISTORY_PAGE = 100;  // messages per history page
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
/* Where the visitor is, within the API's limits; seen_at (when this page loaded) orders the
   reports, as one cut off by the next navigation may still be stored after the next page's. */
const loadedAt = Date.now();
const pageInfo = () => ({url: location.href.slice(0, 2048), title: document.title.slice(0, 200), seen_at: loadedAt});

/* -- storage: localStorage per server and channel; blocked storage only loses
      what would survive a reload ------------------------------------------------ */

const STORAGE_KEY = `livechat:${server}:${channelId}`;
const load = suffix => {
  try { return JSON.parse(localStorage.getItem(STORAGE_KEY + suffix)) || {}; } catch { return {}; }
};
const store = (suffix, value) => {
  try {
    if (value) localStorage.setItem(STORAGE_KEY + suffix, JSON.stringify(value));
    else localStorage.removeItem(STORAGE_KEY + suffix);
  } catch { /* storage blocked */ }
};
/* Closing the window stops "Open automatically" for the rest of the visit only. */
const dismissAutoOpen = () => { try { sessionStorage.setItem(STORAGE_KEY, 1); } catch { /* blocked */ } };
const autoOpenDismissed = () => { try { return sessionStorage.getItem(STORAGE_KEY); } catch { return null; } };

/**
 * The chat's life: idle (no session) → live (a session: messages come and go)
 * → ended (by either side: the rating is offered) → done (rated, or the window
 * closed after the end: opening it again starts over, idle).
 * @typedef {'idle'|'live'|'ended'|'done'} Phase
 */
/**
 * The chat as stored: it survives reloads and the site's tabs share it.
 * @typedef {object} StoredChat
 * @property {Phase} phase
 * @property {string} [secret] the session's (live, ended, done)
 * @property {number} [last] the cursor: the highest id a read after it returned
 * @property {number} [sent] the id of the visitor's own last message, for the other tabs
 * @property {{id: number, name: string}} [op] the session's operator
 * @property {boolean} [open] the window is open
 * @property {boolean} [invited] an operator started the chat: their message greets, not the welcome
 */
/** @type {StoredChat} */
let chat = load('');
/* stored by the loader before phases (flags ended, done), still in some visitors' storage */
chat.phase ||= chat.done ? 'done' : chat.ended ? 'ended' : chat.secret ? 'live' : 'idle';
/** What the visitor typed and did not send yet: chat, and the offline form's name, email, message. */
let draft = load(':draft');
/** Who the host page says the visitor is (identify()), sent when a chat starts. */
let identity = load(':identity');

/* -- the server's API (docs/openapi.yaml) ---------------------------------------- */

/**
 * A message as the API gives it.
 * @typedef {object} Message
 * @property {number} id
 * @property {string} body plain text
 * @property {'visitor'|'operator'|'system'} author system: a notice ("Anna joined the chat")
 * @property {string} author_name
 * @property {{id: number, name: string, size: number, image: boolean, url: string}[]} [files]
 *   url: on the server, fetched with the session's secret
 */
/**
 * GET /livechat/init: what to show on this page.
 * @typedef {object} InitAnswer
 * @property {'show'|'notify'|'auto_open'|'hide'} action
 * @property {number} auto_open_delay seconds
 * @property {boolean} available an operator can take a chat now
 * @property {boolean} offline_form
 * @property {boolean} track the channel lists its visitors: report page views, wait for an operator's chat
 * @property {{name: string, button_text: string, welcome_message: string,
 *   input_placeholder: string, colors: Object<string, string>}} channel
 * @property {Object<string, string>} texts the widget's own, in the visitor's
 *   language (logic/widget_texts.py names them)
 */
/**
 * POST /livechat/poll and GET /livechat/history: messages after `last` (or a page).
 * @typedef {object} MessagesAnswer
 * @property {Message[]} messages in id order
 * @property {'open'|'closed'} [state]
 * @property {boolean} [more] history: earlier messages beyond this page
 * @property {number} [cursor] poll: the bus position to wait from
 * @property {{id: number, name: string}} [operator] history; poll, after a notice (a forward)
 * @property {number} [seen] the last message an operator saw: history; poll, when it changed
 * @property {boolean} [operator_typing] poll
 */
/** @type {InitAnswer} */
let config;
/** @type {Object<string, string>} */
let texts;

/* JSON over plain HTTP; rejects with the error body ({code, message}) plus its HTTP status. */
const api = async (path, body) => {
  const headers = {};
  if (chat.secret) headers['X-Livechat-Secret'] = chat.secret;
  if (body) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${server}/livechat/${path}`, {
    method: body ? 'POST' : 'GET', headers, body: body && JSON.stringify(body),
    credentials: 'omit', cache: 'no-store'
  });
  const answer = await response.json().catch(() => ({}));
  if (answer.code === 'blocked') {
    /* An operator blocked this visitor: the widget goes, chat and all, as on a
       page where a rule hides it (the next pages' init hides it from the start). */
    chat = {phase: 'idle'};
    store('', null);
    document.querySelector(`livechat-widget[data-channel="${channelId}"]`)?.remove();
  }
  if (!response.ok) throw Object.assign(answer, {status: response.status});
  return answer;
};

/* -- drawing --------------------------------------------------------------------- */

const CSS = `:host{all:initial}*{box-sizing:border-box;margin:0;font:inherit;color:inherit}
.lc-root{--bg:#fff;--fg:#222;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
@media (prefers-color-scheme:dark){.lc-root{--bg:#1f2023;--fg:#ececee;color-scheme:dark}}
[hidden]{display:none!important}
button{cursor:pointer;border:0;background:none;padding:0}
:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
.lc-button{position:fixed;right:16px;bottom:16px;width:56px;height:56px;border-radius:50%;box-shadow:0 2px 10px #0004;display:flex;align-items:center;justify-content:center}
.lc-button svg{width:28px;height:28px;fill:currentColor}
.lc-badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#d22;color:#fff;font-size:12px;line-height:20px}
.lc-bubble{position:fixed;right:16px;bottom:82px;max-width:min(280px,calc(100vw - 32px));padding:10px 30px 10px 12px;background:var(--bg);border-radius:8px;box-shadow:0 2px 10px #0003}
.lc-invite{cursor:pointer}
.lc-dismiss{position:absolute;top:2px;right:8px;font-size:18px}
@media (max-width:480px){.lc-open .lc-button,.lc-open .lc-bubble{display:none}}
.lc-fullpage .lc-button,.lc-fullpage .lc-bubble{display:none}`;

/* The closed widget's parts; the window's (window.css, window.html) come from the server
   when it first opens, or at once for a chat under way: drawWindow().
   Texts come from the server's translations: they go in by name (data-text:
   content, data-label: aria-label, data-hint: aria-label and placeholder) and
   applyTexts() sets them as text, never as HTML. */
const HTML = `<div class="lc-root${fullPage ? ' lc-fullpage' : ''}">
<div class="lc-bubble" hidden><span class="lc-invite"></span><button class="lc-dismiss" data-label="dismiss">×</button></div>
<button class="lc-button" data-label="open" aria-expanded="false"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg><span class="lc-badge" hidden></span></button>
</div>`;

/* The host element's own placement: !important inline styles, so that no rule
   of the page (div {display: none !important}, * {all: unset}) moves or hides it. */
const HOST_STYLE = 'all:initial!important;display:block!important;position:fixed!important;right:0!important;bottom:0!important;width:0!important;height:0!important;z-index:2147483000!important';

/** The widget's parts, found once drawn. */
const ui = {};

const element = (tag, className, text = '') => {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
};

/* A constructed sheet is CSSOM, so a host page's strict style-src CSP allows it. */
const addStyle = (shadow, css) => {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  } catch {
    shadow.append(element('style', '', css));
  }
};

/* The <livechat-widget> host and its shadow root holding the whole widget. */
const drawHost = () => {
  const host = document.createElement('livechat-widget');
  host.dataset.channel = channelId;
  host.style.cssText = HOST_STYLE;
  const shadow = host.attachShadow({mode: 'open'});
  shadow.innerHTML = HTML;
  addStyle(shadow, CSS);
  return host;
};

const findParts = (shadow, parts) => {
  for (const [name, selector] of Object.entries(parts)) ui[name] = shadow.querySelector(selector);
};
const CLOSED_PARTS = {root: '.lc-root', bubble: '.lc-bubble', invite: '.lc-invite', dismiss: '.lc-dismiss',
  button: '.lc-button', badge: '.lc-badge'};
const WINDOW_PARTS = {header: '.lc-header', window: '.lc-window', title: '.lc-title', endButton: '.lc-end',
  closeButton: '.lc-close', log: '.lc-log', status: '.lc-status', composer: '.lc-composer',
  input: '.lc-composer textarea', rating: '.lc-rating', transcript: '.lc-transcript', offline: '.lc-offline',
  prechat: '.lc-prechat'};

const applyTexts = () => {
  for (const node of ui.shadow.querySelectorAll('[data-text]')) node.textContent = texts[node.dataset.text];
  for (const node of ui.shadow.querySelectorAll('[data-label],[data-hint]')) {
    const text = texts[node.dataset.label || node.dataset.hint];
    node.setAttribute('aria-label', text);
    if (node.dataset.hint) node.placeholder = text;
  }
};

const paint = (node, background, color) => {
  node.style.background = background;
  node.style.color = color;
  node.style.borderColor = color;
};

const applyChannelLook = () => {
  const channel = config.channel, colors = channel.colors;
  paint(ui.button, colors.button_background, colors.button_text);
  ui.invite.textContent = channel.button_text;
  if (!ui.window) return;
  paint(ui.header, colors.header_background, colors.header_text);
  ui.shadow.querySelectorAll('.lc-send').forEach(button => paint(button, colors.button_background, colors.button_text));
  ui.window.setAttribute('aria-label', channel.name);
  ui.input.placeholder = channel.input_placeholder || '';
};

/* -- what the window shows ------------------------------------------------------- */

const setStatus = (text = '') => { ui.status.textContent = text; };
/* "Typically replies in N minutes", before the chat starts (none without enough answered chats). */
const replyTime = () => {
  const minutes = config.available && config.reply_minutes;
  if (!minutes) return '';
  return minutes === 1 ? texts.reply_minute : texts.reply_minutes.replace('%s', minutes);
};
const operatorName = () => chat.op?.name || '';

/* The operator, once known, names the window and signs the welcome; the channel before. */
const showOperatorName = () => {
  const name = operatorName() || config.channel.name;
  ui.title.textContent = name;
  const signature = ui.log.querySelector('[data-id="0"] small');
  if (signature) signature.textContent = name;
};

/* A forward hands the chat to another operator: the window names them from then on. */
const setOperator = operator => {
  if (!operator || operator.id === chat.op?.id) return;
  chat.op = operator;
  store('', chat);
  store(':prev', operator);
  showOperatorName();
};

/* Read receipts: "Seen" under the visitor's last message an operator's window showed. */
const showSeen = id => {
  if (!id) return;
  const seen = [...ui.log.querySelectorAll('.lc-mine')].filter(node => +node.dataset.id <= id).pop();
  if (!seen || seen.querySelector('.lc-seen')) return;
  ui.log.querySelector('.lc-seen')?.remove();
  seen.append(element('small', 'lc-seen', texts.seen));
};

/* Read receipts, the operator's side: the newest operator message of an open window on a
   visible page, told once (chat.read keeps it across pages; the server keeps the newest), a
   second after the last change: a burst of replies is one report, not one write per reply. */
let readTimer;
const reportRead = () => {
  clearTimeout(readTimer);
  readTimer = setTimeout(() => {
    if (!chat.secret || ui.window?.hidden !== false || document.hidden) return;
    const id = +[...ui.log.querySelectorAll('.lc-msg:not(.lc-mine):not(.lc-notice)')].pop()?.dataset.id || 0;
    const before = chat.read || 0;
    if (id <= before) return;
    chat.read = id;
    store('', chat);
    api('seen', {message_id: id}).catch(() => { chat.read = before; });
  }, 1000);
};

/* An operator's new message while the page is in the background flashes its title until the
   visitor comes back, and beeps when the channel says so and the window is not in view. */
let missed = 0, hostTitle = null, flashTimer;
const beep = () => {
  try {
    const audio = new AudioContext(), tone = audio.createOscillator(), volume = audio.createGain();
    tone.frequency.value = 880;
    volume.gain.value = 0.1;
    tone.connect(volume).connect(audio.destination);
    tone.onended = () => audio.close();
    tone.start();
    tone.stop(audio.currentTime + 0.15);
  } catch { /* no sound on this page */ }
};
const alertVisitor = () => {
  if (config.channel.sound && (document.hidden || ui.window.hidden)) beep();
  if (!document.hidden) return;
  missed++;
  if (hostTitle === null) hostTitle = document.title;
  clearInterval(flashTimer);
  flashTimer = setInterval(() => {
    document.title = document.title === hostTitle ? `(${missed}) ${texts.new_message}` : hostTitle;
  }, 1000);
};
const watchVisibility = () => document.addEventListener('visibilitychange', () => {
  reportRead();
  if (document.hidden || hostTitle === null) return;
  clearInterval(flashTimer);
  document.title = hostTitle;
  hostTitle = null;
  missed = 0;
});

let unread = 0;  // operator messages that came while the window was closed
const updateBadge = () => {
  ui.badge.hidden = !unread;
  ui.badge.textContent = unread;
  ui.button.setAttribute('aria-label', unread ? `${texts.open} (${unread} ${texts.unread})` : texts.open);
};

/* Draws a message's files (window.js sets it with the window). */
let showFiles;

/** @param {Message} message */
const showMessage = message => {
  const mine = message.author === 'visitor', id = +message.id || 0;
  const notice = message.author === 'system';
  const slot = slotFor([...ui.log.children].map(node => +node.dataset.id), id);
  if (slot === null) return;
  const bubble = element('div', mine ? 'lc-msg lc-mine' : notice ? 'lc-msg lc-notice' : 'lc-msg');
  if (!mine && !notice) bubble.append(element('small', '', message.author_name || operatorName()));
  bubble.append(message.body || '');
  if (message.files?.length) showFiles(bubble, message.files);
  bubble.dataset.id = id;
  ui.log.insertBefore(bubble, ui.log.children[slot] || null);
  ui.log.scrollTop = ui.log.scrollHeight;
  if (!mine && !notice && id && ui.window.hidden) {
    unread++;
    updateBadge();
  }
};

/* Only what a read after chat.last returned (poll, history) moves it; the host page hears of each new one. */
const readMessage = message => {
  showMessage(message);
  if (message.id > (chat.last || 0)) {
    chat.last = message.id;
    store('', chat);
    if (message.author !== 'visitor') emit('message', message);
    if (message.author === 'operator') alertVisitor();
    reportRead();
  }
};

const showWelcome = () => {
  ui.log.textContent = '';
  const welcome = config.channel.welcome_message;
  if (welcome && !chat.invited) showMessage({body: welcome, author: 'operator', author_name: operatorName() || config.channel.name});
};

const setWindowOpen = async (open, moveFocus) => {
  if (!ui.window && !open) return;
  try { await drawWindow(); } catch {
    /* not loaded: the next click tries again. A visitor's click gets the chat in a tab of its own,
       on the chat server: a host page whose CSP refuses the window's module cannot hold it. */
    if (moveFocus && !fullPage) window.open(`${server}/livechat/support/${channelId}`, '_blank', 'noopener');
    return;
  }
  const opening = open && ui.window.hidden;
  ui.window.hidden = !open;
  ui.root.classList.toggle('lc-open', open);
  ui.button.setAttribute('aria-expanded', open);
  if (open) {
    ui.bubble.hidden = true;
    unread = 0;
    updateBadge();
    if (chat.phase === 'done') startOver();
    ui.log.scrollTop = 1e9;
    reportRead();
    if (moveFocus) firstField().focus();
  } else if (moveFocus) ui.button.focus();
  if (opening) emit('opened');
  chat.open = open;
  if (!open) dismissAutoOpen();
  if (!open && chat.phase === 'ended') chat.phase = 'done';
  store('', chat);
};

/* Where the visitor types first: the offline form, the pre-chat form, or the message. */
const firstField = () => !ui.offline.hidden ? ui.offline.elements.name
  : !ui.prechat.hidden ? ui.prechat.querySelector(':is(input,textarea):not([hidden])') : ui.input;

/* The pre-chat form (a channel option), before the first message of each chat. */
const PRECHAT_FIELDS = ['name', 'email', 'phone', 'answer'];
const showPrechat = () => {
  const asked = config.channel.prechat, form = ui.prechat;
  if (!asked || chat.phase !== 'idle' || !config.available || draft.prechat) return;
  for (const field of PRECHAT_FIELDS) {
    form.elements[field].hidden = asked[field] === 'off';
    form.elements[field].required = asked[field] === 'required';
  }
  form.elements.answer.placeholder = asked.question;
  form.elements.answer.setAttribute('aria-label', asked.question);
  form.hidden = false;
  ui.composer.hidden = true;
};

const showOfflineForm = text => {
  ui.composer.hidden = true;
  if (!config.offline_form) {
    setStatus(`${texts.away} ${texts.try_later}`);
    return;
  }
  const form = ui.offline;
  form.hidden = false;
  ui.log.hidden = true;
  if (text) draft.message = (draft.message ? draft.message + '\n' : '') + text;
  for (const field of ['name', 'email', 'message']) form.elements[field].value = draft[field] || '';
  store(':draft', draft);
};

/* -- the chat's life ------------------------------------------------------------- */

let oldestShown = 0;  // the id before which history has more to show as the visitor scrolls up (0: none)

/* Back to an empty chat, idle (after a session ended or was lost). */
const startOver = () => {
  if (chat.op) store(':prev', chat.op);
  chat = {phase: 'idle', open: chat.open};
  oldestShown = 0;
  showOperatorName();
  setStatus(replyTime());
  ui.rating.hidden = ui.endButton.hidden = ui.transcript.hidden = true;
  ui.log.hidden = false;
  if (config.available || !config.offline_form) ui.composer.hidden = false;
  showWelcome();
  showPrechat();
  if (!config.available) showOfflineForm();
};

const endChat = () => {
  if (chat.phase !== 'live') return;
  chat.phase = 'ended';
  store('', chat);
  emit('ended');
  ui.composer.hidden = ui.endButton.hidden = true;
  ui.rating.hidden = false;
  /* E-mail me this chat: offered only for an address the visitor wrote in it and an operator answered. */
  api('transcript').then(answer => {
    if (!answer.email) return;
    ui.transcript.elements.email.value = answer.email;
    ui.transcript.hidden = false;
  }, () => {});
  setStatus(texts.ended);
};

let polling = false;
/* Long polls for what follows chat.last while the chat is live, backing off on errors. */
const pollLoop = async () => {
  if (polling) return;
  polling = true;
  let failures = 0, cursor = 0;
  while (chat.phase === 'live') {
    try {
      /** @type {MessagesAnswer} */
      const answer = await api('poll', {last: chat.last || 0, cursor});
      failures = 0;
      cursor = answer.cursor || cursor;
      (answer.messages || []).forEach(readMessage);
      setOperator(answer.operator);
      showSeen(answer.seen);
      setStatus(answer.operator_typing ? texts.typing.replace('%s', operatorName()) : '');
      if (answer.state === 'closed') endChat();
    } catch (error) {
      if (error.code === 'session_closed') endChat();
      else if (error.status === 403 || error.status === 404) startOver();
      else await sleep(retryDelay(failures++));
    }
  }
  polling = false;
};

let typingSent = false;
const sendTyping = typing => {
  if (chat.phase !== 'live' || typing === typingSent) return;
  typingSent = typing;
  api('typing', {typing}).catch(() => {});
};

/* Waits in the channel's queue with `text` (window.js sets it with the window). */
let waitInQueue;

/* The session starts with the visitor's first message (`text`); false: nobody can take it. Every
   operator busy, on a channel with a queue: the message waits for a free one, then its `ticket`
   starts the chat. */
const startSession = async (text, ticket) => {
  let session;
  try {
    session = await api('session', {...pageInfo(), ...draft.prechat, ...identity, channel: channelId,
      previous_operator: load(':prev').id, visitor: config.track ? visitorId() : undefined, ticket});
  } catch (error) {
    if (error.status === 400 && (identity.email || identity.signature)) {
      identity = {};  /* what the page's identify() gave was refused: chat without it */
      return startSession(text, ticket);
    }
    if (error.code === 'prechat_required') {  /* the channel asks more since the form showed */
      delete draft.prechat;
      showPrechat();
    }
    if (error.code === 'operators_busy') return !ticket && waitInQueue(text);
    if (error.code !== 'no_operator') throw error;
    config.available = false;
    return false;
  }
  chat = {phase: 'live', secret: session.secret, last: 0, open: true, op: session.operator};
  store('', chat);
  delete draft.prechat;
  store(':draft', draft);
  store(':prev', session.operator);
  showOperatorName();
  ui.endButton.hidden = false;
  pollLoop();
  return true;
};

/* The visitor's text, or what `post` sends (a file: window.js). */
const sendMessage = async (text, post = () => api('message', {body: text})) => {
  if (chat.phase === 'idle' && !await startSession(text)) return showOfflineForm(text);
  /* Shown, but the cursor stays: an operator reply with a lower id may still be
     on its way. The site's other tabs see the id stored and read it. */
  const {message} = await post();
  showMessage(message);
  chat.sent = message.id;
  store('', chat);
};

let loadingEarlier = false;
/* Earlier messages, a page at a time, as the visitor scrolls to the top. */
const loadEarlier = async () => {
  const log = ui.log;
  if (!oldestShown || loadingEarlier || log.scrollTop > 40) return;
  loadingEarlier = true;
  try {
    /** @type {MessagesAnswer} */
    const page = await api(`history?before=${oldestShown}&limit=${HISTORY_PAGE}`);
    const fromBottom = log.scrollHeight - log.scrollTop;
    page.messages.forEach(showMessage);
    log.scrollTop = log.scrollHeight - fromBottom;
    oldestShown = page.more ? page.messages[0].id : 0;
  } catch { /* tried again on the next scroll */ }
  loadingEarlier = false;
};

/* After a reload or on another page: the latest page of the chat, then polling. */
const restoreChat = async () => {
  let page;
  try {
    await drawWindow();
    page = await api(`history?limit=${HISTORY_PAGE}`);
  } catch (error) {
    if (error.status === 403 || error.status === 404) startOver();
    else setTimeout(restoreChat, 5000);
    return;
  }
  if (page.state !== 'open') return startOver();
  setOperator(page.operator);
  showOperatorName();
  showWelcome();
  /* the cursor starts from the newest; earlier pages come on scroll */
  page.messages.forEach(readMessage);
  showSeen(page.seen);
  oldestShown = page.more ? page.messages[0].id : 0;
  ui.endButton.hidden = false;
  if (chat.open) setWindowOpen(true);
  api('page', pageInfo()).catch(() => {});
  pollLoop();
};

/* -- visitors on the site: on channels that list them, page views under a random
      id kept here (never a cookie), and the wait for a chat an operator starts ---- */

const visitorId = () => {
  let {id} = load(':visitor');
  if (!id) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(16)), byte => byte.toString(16).padStart(2, '0')).join('');
    store(':visitor', {id});
  }
  return id;
};

/* An operator started a chat with this visitor: the window opens with their message, in every tab. */
const joinChat = async found => {
  if (!found || chat.phase === 'live') return;
  try { await drawWindow(); } catch { return; }
  startOver();
  chat = {phase: 'live', secret: found.secret, last: 0, open: true, op: found.operator, invited: true};
  store('', chat);
  store(':prev', found.operator);
  ui.offline.hidden = ui.prechat.hidden = true;  /* the operator wrote first: nothing to ask */
  ui.log.hidden = ui.composer.hidden = false;
  restoreChat();
};

const watchForOperator = async () => {
  const visitor = visitorId();
  try {
    joinChat((await api('visitor', {...pageInfo(), channel: channelId, visitor})).chat);
  } catch { return; }
  for (let failures = 0; ;) {
    if (chat.phase === 'live') {  /* the chat's own poll runs meanwhile */
      await sleep(5000);
      continue;
    }
    try {
      joinChat((await api('visitor/poll', {channel: channelId, visitor})).chat);
      failures = 0;
    } catch (error) {
      if (error.status >= 400 && error.status < 500) return;  /* forgotten, switched off, blocked */
      await sleep(retryDelay(failures++));
    }
  }
};

/* -- the host page's API: methods of the <livechat-widget> element, and its
      livechat:* events (README: "The host page's API") ---------------------------- */

/* ready, opened, message (detail: the Message), ended: bubbling from the element. */
function emit(name, detail = {}) {
  ui.shadow?.host.dispatchEvent(new CustomEvent(`livechat:${name}`, {detail, bubbles: true}));
}

const exposeApi = host => {
  const display = shown => host.style.setProperty('display', shown ? 'block' : 'none', 'important');
  Object.assign(host, {
    open: () => setWindowOpen(true, true),
    close: () => setWindowOpen(false),
    hide: () => display(false),
    show: () => display(true),
    /* For the chats started from now on; the signature: see the README. No argument forgets it. */
    identify: who => {
      const {name, email, signature} = who || {};
      const text = (value, length) => typeof value === 'string' && value.trim().slice(0, length) || undefined;
      identity = {name: text(name, 100), email: text(email, 254), signature: text(signature, 64)};
      store(':identity', identity.email || identity.name ? identity : null);
    }
  });
};

/* -- each part's events ---------------------------------------------------------- */

const wireButton = () => {
  ui.button.onclick = () => setWindowOpen(ui.window?.hidden !== false, true);
  ui.dismiss.onclick = () => { ui.bubble.hidden = true; };
  ui.invite.onclick = () => setWindowOpen(true, true);
  ui.shadow.addEventListener('keydown', event => {
    if (event.key === 'Escape' && !fullPage && ui.window?.hidden === false) setWindowOpen(false, true);
  });
};

const wireWindow = () => {
  ui.closeButton.onclick = () => setWindowOpen(false, true);
  ui.log.onscroll = loadEarlier;
  ui.endButton.onclick = () => api('end', {}).then(endChat, endChat);
};

/* A visitor's own message wakes no poll: this site's other tabs of the chat see
   its id stored and read it, after a pause in which a poll may bring it first. */
const watchOtherTabs = () => {
  addEventListener('storage', event => {
    const stored = event.key === STORAGE_KEY && load('');
    const behind = () => ui.log && chat.secret && stored.secret === chat.secret && stored.sent &&
      !ui.log.querySelector(`[data-id="${+stored.sent}"]`);
    if (!stored || !behind()) return;
    setTimeout(() => behind() && api(`history?after=${chat.last || 0}`)
      .then(page => (page.messages || []).forEach(readMessage), () => {}), 500);
  });
};

/* -- start ----------------------------------------------------------------------- */

/* What the visitor sees first: the open window on the support page, their chat
   back, or the channel rule's invitation. */
const greet = () => {
  if (fullPage) setWindowOpen(true, true);
  if (chat.phase !== 'idle') return restoreChat();
  if (fullPage) return;
  if (config.action === 'notify') ui.bubble.hidden = false;
  if (config.action === 'auto_open' && !autoOpenDismissed()) {
    setTimeout(() => ui.window?.hidden !== false && setWindowOpen(true), (config.auto_open_delay || 0) * 1000);
  }
};

/* What the window's forms (window.js) use of the loader: its parts, and its state through getters. */
const windowContext = () => ({
  ui, api, store, setStatus, sendMessage, sendTyping, startSession, sleep, server, channelId, PRECHAT_FIELDS,
  get config() { return config; },
  set showFiles(draw) { showFiles = draw; },
  set waitInQueue(wait) { waitInQueue = wait; },
  get texts() { return texts; },
  get chat() { return chat; },
  get draft() { return draft; },
  set draft(value) { draft = value; },
});

/* The window's style, markup (static/src/widget/window.*), texts and forms' code (an ES module,
   imported: no global), fetched when it is first needed (the browser keeps them) and drawn in
   the shadow root: the closed widget stays small. */
let windowDrawn = null;
const drawWindow = () => windowDrawn ||= Promise.all([
  fetch(`${server}/livechat/window?lang=${encodeURIComponent(config.lang || '')}`, {credentials: 'omit'})
    .then(response => response.ok ? response.json() : Promise.reject(response)),
  import(`${server}/livechat/window.js`),
]).then(([parts, forms]) => {
  Object.assign(texts, parts.texts);
  addStyle(ui.shadow, parts.css);
  ui.root.insertAdjacentHTML('beforeend', parts.html);
  findParts(ui.shadow, WINDOW_PARTS);
  applyTexts();
  applyChannelLook();
  ui.input.value = draft.chat || '';
  showOperatorName();
  showWelcome();
  if (chat.phase === 'idle') setStatus(replyTime());
  showPrechat();
  if (!config.available) showOfflineForm();
  wireWindow();
  forms.default(windowContext());
}).catch(error => {
  windowDrawn = null;
  throw error;
});

/* Phones: the on-screen keyboard shrinks the visual viewport, not always the layout one; the
   window, full screen there, follows the visible part so that the input stays in view (and
   window.css gives fields 16px text there, under which phones zoom into a focused field). */
const followKeyboard = () => {
  const viewport = globalThis.visualViewport;
  const fit = () => {
    if (!ui.window) return;
    const whole = fullPage || innerWidth <= 480;
    ui.window.style.top = whole ? `${viewport.offsetTop}px` : '';
    ui.window.style.height = whole ? `${viewport.height}px` : '';
  };
  viewport?.addEventListener('resize', fit);
  viewport?.addEventListener('scroll', fit);
};

const build = () => {
  if (document.querySelector(`livechat-widget[data-channel="${channelId}"]`)) return;
  const host = drawHost();
  ui.shadow = host.shadowRoot;
  findParts(ui.shadow, CLOSED_PARTS);
  applyTexts();
  applyChannelLook();
  wireButton();
  followKeyboard();
  watchOtherTabs();
  watchVisibility();
  exposeApi(host);
  (document.body || document.documentElement).append(host);
  emit('ready');
  greet();
  if (config.track) watchForOperator();
};

api(`init?channel=${channelId}&url=${encodeURIComponent(location.href)}`).then(answer => {
  config = answer;
  texts = answer.texts;
  if (answer.action === 'hide' && chat.phase === 'idle' && !fullPage) return;
  if (document.body) build();
  else document.addEventListener('DOMContentLoaded', build);
}, () => {});
})();
