/* Live Chat visitor widget: the whole widget in one small file, no globals,
   everything drawn in a shadow root so the host page and the widget cannot
   touch each other's styles. Server data is only ever set as text. */
(() => {
'use strict';
const me = document.currentScript;
const m = me && /^(.*)\/livechat\/loader\/(\d+)\.js/.exec(me.src);
if (!m) return;
const base = m[1], cid = +m[2], full = me.hasAttribute('data-page');
const KEY = `livechat:${base}:${cid}`;
const ja = /^ja/i.test(navigator.language || '');
const T = ja ? {
  open: 'チャットを開く', close: 'チャットを最小化', end: 'チャットを終了', send: '送信',
  msg: 'メッセージ', typing: 'が入力中…', ended: 'チャットは終了しました。', rate: 'このチャットはいかがでしたか？',
  good: '満足', ok: '普通', bad: '不満', comment: 'コメント（任意）', thanks: 'ご協力ありがとうございました。',
  fail: '送信できませんでした。もう一度お試しください。', away: '現在対応できる担当者がいません。',
  leave: 'メッセージを残していただければ、メールでご返信します。', name: 'お名前', email: 'メールアドレス',
  sent: 'メッセージを送信しました。ありがとうございました。', later: 'しばらくしてからもう一度お試しください。',
  dismiss: '閉じる', unread: '未読', mail: '記録をメールで受け取る', mailed: 'チャットの記録をメールでお送りしました。'
} : {
  open: 'Open chat', close: 'Minimize chat', end: 'End chat', send: 'Send',
  msg: 'Message', typing: ' is typing…', ended: 'The chat has ended.', rate: 'How was this chat?',
  good: 'Good', ok: 'Okay', bad: 'Bad', comment: 'Comment (optional)', thanks: 'Thank you for your feedback.',
  fail: 'Not sent. Please try again.', away: 'No one is available right now.',
  leave: 'Leave us a message and we will answer by e-mail.', name: 'Your name', email: 'Your e-mail',
  sent: 'Thank you, your message was sent.', later: 'Please try again later.',
  dismiss: 'Close', unread: 'unread', mail: 'E-mail me this chat', mailed: 'The transcript is on its way to your inbox.'
};
const load = k => { try { return JSON.parse(localStorage.getItem(KEY + k)) || {}; } catch (e) { return {}; } };
const save = (k, v) => {
  try { v ? localStorage.setItem(KEY + k, JSON.stringify(v)) : localStorage.removeItem(KEY + k); } catch (e) { /* storage blocked */ }
};
/* Closing the window stops "Open automatically" for the rest of the visit only. */
const dismissed = v => { try { return v ? sessionStorage.setItem(KEY, 1) : sessionStorage.getItem(KEY); } catch (e) { return 0; } };
/* Where the visitor is, within the API's limits. */
const here = () => ({url: location.href.slice(0, 2048), title: document.title.slice(0, 200)});
const sleep = ms => new Promise(r => setTimeout(r, ms));
const PAGE = 100; /* messages per history page */
let st = load(''), draft = load(':draft'), cfg, root, q, opName = '', unread = 0, polling = 0, rating = 0, tyOn = 0, tyTimer, first = 0, paging = 0;

/* JSON over plain HTTP; rejects with the error body plus its HTTP status. */
const api = async (path, body) => {
  const h = {};
  if (st.secret) h['X-Livechat-Secret'] = st.secret;
  if (body) h['Content-Type'] = 'application/json';
  const r = await fetch(`${base}/livechat/${path}`, {
    method: body ? 'POST' : 'GET', headers: h, body: body && JSON.stringify(body),
    credentials: 'omit', cache: 'no-store'
  });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw Object.assign(j, {status: r.status});
  return j;
};

const CSS = `:host{all:initial}*{box-sizing:border-box;margin:0;font:inherit;color:inherit}
.r{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222}
[hidden]{display:none!important}
button{cursor:pointer;border:0;background:none;padding:0}
:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
.b{position:fixed;right:16px;bottom:16px;width:56px;height:56px;border-radius:50%;box-shadow:0 2px 10px #0004;display:flex;align-items:center;justify-content:center}
.b svg{width:28px;height:28px;fill:currentColor}
.u{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#d22;color:#fff;font-size:12px;line-height:20px}
.n{position:fixed;right:16px;bottom:82px;max-width:min(280px,calc(100vw - 32px));padding:10px 30px 10px 12px;background:#fff;border-radius:8px;box-shadow:0 2px 10px #0003}
.n span{cursor:pointer}
.x{position:absolute;top:2px;right:8px;font-size:18px}
.w{position:fixed;right:16px;bottom:82px;width:360px;height:520px;max-height:calc(100vh - 98px);display:flex;flex-direction:column;background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 4px 24px #0004}
.h{display:flex;align-items:center;gap:10px;padding:12px 14px}
.h strong{flex:1;font-weight:600;font-size:15px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.h .c{font-size:22px;line-height:1}
.e{font-size:12px;border:1px solid;border-radius:4px;padding:2px 6px}
.l{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:6px;background:#f4f4f5}
.m{max-width:82%;padding:7px 10px;border-radius:10px;background:#fff;white-space:pre-wrap;overflow-wrap:anywhere;align-self:flex-start}
.m.v{align-self:flex-end;background:#dcebfe}
.m small{display:block;font-size:11px;color:#666}
.t{padding:2px 12px;font-size:12px;color:#666;min-height:20px}
.i{display:flex;gap:6px;padding:8px;border-top:1px solid #ddd}
textarea,input{flex:1;width:100%;border:1px solid #bbb;border-radius:6px;padding:8px;background:#fff;color:#222;resize:none}
.s{padding:8px 14px;border-radius:6px;font-weight:600}
.o input,.o textarea{flex:none}
.g{display:flex;gap:6px;padding:0 14px 14px}
.k,.o{flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:10px;padding:14px}
.f button{font-size:26px;padding:4px 8px;border-radius:8px;border:2px solid transparent}
.f button[aria-pressed=true]{border-color:#1a73e8}
@media (max-width:480px){.w{inset:0;width:auto;height:auto;max-height:none;border-radius:0}.r.open .b,.r.open .n{display:none}}
.p .w{inset:0;width:auto;height:auto;max-height:none;max-width:680px;margin:0 auto;border-radius:0}
.p .b,.p .c,.p .n{display:none}`;

const HTML = `<div class="r${full ? ' p' : ''}">
<div class="n" hidden><span></span><button class="x" aria-label="${T.dismiss}">×</button></div>
<button class="b" aria-label="${T.open}" aria-expanded="false"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg><span class="u" hidden></span></button>
<section class="w" role="dialog" hidden><header class="h"><strong></strong><button class="e" hidden>${T.end}</button><button class="c" aria-label="${T.close}">×</button></header>
<div class="l" role="log" aria-live="polite"></div><div class="t" aria-live="polite"></div>
<form class="i"><textarea rows="2" maxlength="4000" aria-label="${T.msg}"></textarea><button class="s">${T.send}</button></form>
<div class="k" hidden><p>${T.rate}</p><div class="f"><button type="button" data-r="5" aria-label="${T.good}" aria-pressed="false">😊</button><button type="button" data-r="3" aria-label="${T.ok}" aria-pressed="false">😐</button><button type="button" data-r="1" aria-label="${T.bad}" aria-pressed="false">😞</button></div>
<textarea rows="3" maxlength="1000" aria-label="${T.comment}" placeholder="${T.comment}"></textarea><button type="button" class="s">${T.send}</button></div>
<form class="g" hidden><input name="email" type="email" required maxlength="254" autocomplete="email" aria-label="${T.email}" placeholder="${T.email}"><button class="s">${T.mail}</button></form>
<form class="o" hidden><p>${T.away} <span>${T.leave}</span></p><input name="name" required maxlength="100" autocomplete="name" aria-label="${T.name}" placeholder="${T.name}"><input name="email" type="email" required maxlength="254" autocomplete="email" aria-label="${T.email}" placeholder="${T.email}"><textarea name="message" rows="5" required maxlength="4000" aria-label="${T.msg}" placeholder="${T.msg}"></textarea><button class="s">${T.send}</button></form>
</section></div>`;

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
};
const paint = (e, bg, fg) => { e.style.background = bg; e.style.color = fg; e.style.borderColor = fg; };
const setStatus = text => { q('.t').textContent = text || ''; };
/* The operator, once known, names the window and signs the welcome; the channel before. */
const setOp = name => {
  opName = name || opName;
  q('.h strong').textContent = opName || cfg.channel.name;
  const w = q('.l [data-id="0"] small');
  if (w) w.textContent = opName || cfg.channel.name;
};
const badge = () => {
  const u = q('.u');
  u.hidden = !unread;
  u.textContent = unread;
  q('.b').setAttribute('aria-label', unread ? `${T.open} (${unread} ${T.unread})` : T.open);
};

/* Messages are kept in id order whatever order they arrive in; each id once. */
const add = msg => {
  const log = q('.l'), mine = msg.author === 'visitor';
  if (msg.id && log.querySelector(`[data-id="${+msg.id}"]`)) return;
  const d = el('div', mine ? 'm v' : 'm', '');
  if (!mine) d.append(el('small', '', msg.author_name || opName));
  d.append(msg.body || '');
  d.dataset.id = +msg.id || 0;
  let ref = null;
  for (let c = log.lastElementChild; c && +c.dataset.id > +msg.id && msg.id; c = c.previousElementSibling) ref = c;
  log.insertBefore(d, ref);
  log.scrollTop = log.scrollHeight;
  if (!mine && msg.id && q('.w').hidden) { unread++; badge(); }
};
/* Only what a read after st.last returned (poll, history) moves it. */
const got = msg => {
  add(msg);
  if (msg.id > (st.last || 0)) { st.last = msg.id; save('', st); }
};
const welcome = () => {
  q('.l').textContent = '';
  if (cfg.channel.welcome_message) add({body: cfg.channel.welcome_message, author: 'operator', author_name: opName || cfg.channel.name});
};

const show = (open, focus) => {
  q('.w').hidden = !open;
  q('.r').classList.toggle('open', open);
  q('.b').setAttribute('aria-expanded', open);
  if (open) {
    q('.n').hidden = true;
    unread = 0;
    badge();
    if (st.done) fresh();
    q('.l').scrollTop = 1e9;
    if (focus) (q('.o').hidden ? q('.i textarea') : q('.o input')).focus();
  } else if (focus) q('.b').focus();
  st.open = open;
  if (!open) dismissed(1);
  if (!open && st.ended) st.done = 1;
  save('', st);
};

/* Back to an empty chat (after a session ended or was lost). */
const fresh = () => {
  const prev = st.op;
  st = {open: st.open};
  first = 0;
  if (prev) save(':prev', prev);
  opName = '';
  setOp();
  setStatus();
  q('.k').hidden = q('.e').hidden = q('.g').hidden = true;
  q('.l').hidden = false;
  if (cfg.available || !cfg.offline_form) q('.i').hidden = false;
  welcome();
  if (!cfg.available) offline();
};

const offline = text => {
  q('.i').hidden = true;
  if (!cfg.offline_form) { setStatus(`${T.away} ${T.later}`); return; }
  const f = q('.o');
  f.hidden = false;
  q('.l').hidden = true;
  if (text) draft.message = (draft.message ? draft.message + '\n' : '') + text;
  for (const k of ['name', 'email', 'message']) f.elements[k].value = draft[k] || '';
  save(':draft', draft);
};

const ended = () => {
  if (!st.secret || st.ended) return;
  st.ended = 1;
  save('', st);
  q('.i').hidden = q('.e').hidden = true;
  q('.k').hidden = false;
  /* E-mail me this chat: offered only for an address the visitor wrote in it and an operator answered. */
  api('transcript').then(r => { if (r.email) { q('.g input').value = r.email; q('.g').hidden = false; } }, () => {});
  setStatus(T.ended);
};

const poll = async () => {
  if (polling) return;
  polling = 1;
  let fails = 0, cursor = 0;
  while (st.secret && !st.ended) {
    try {
      const r = await api('poll', {last: st.last || 0, cursor});
      fails = 0;
      cursor = r.cursor || cursor;
      (r.messages || []).forEach(got);
      setStatus(r.operator_typing ? opName + T.typing : '');
      if (r.state === 'closed') ended();
    } catch (e) {
      if (e.code === 'session_closed') ended();
      else if (e.status === 403 || e.status === 404) fresh();
      else await sleep(Math.min(30000, 1000 * 2 ** fails++) * (0.5 + Math.random()));
    }
  }
  polling = 0;
};

const typing = on => {
  if (!st.secret || on === tyOn) return;
  tyOn = on;
  api('typing', {typing: !!on}).catch(() => {});
};

const send = async text => {
  if (!st.secret) {
    let s;
    try {
      s = await api('session', Object.assign(here(), {channel: cid, previous_operator: load(':prev').id}));
    } catch (e) {
      if (e.code !== 'no_operator') throw e;
      cfg.available = false;
      return offline(text);
    }
    st = {secret: s.secret, last: 0, open: true, op: s.operator};
    save('', st);
    save(':prev', s.operator);
    setOp(s.operator && s.operator.name);
    q('.e').hidden = false;
    poll();
  }
  /* Shown, but the cursor stays: an operator reply with a lower id may still be
     on its way. The site's other tabs see the id stored and read it. */
  const msg = (await api('message', {body: text})).message;
  add(msg);
  st.sent = msg.id;
  save('', st);
};

/* Earlier messages, a page at a time, as the visitor scrolls to the top. */
const earlier = async () => {
  const log = q('.l');
  if (!first || paging || log.scrollTop > 40) return;
  paging = 1;
  try {
    const r = await api(`history?before=${first}&limit=${PAGE}`), h = log.scrollHeight - log.scrollTop;
    r.messages.forEach(add);
    log.scrollTop = log.scrollHeight - h;
    first = r.more && r.messages[0].id;
  } catch (e) { /* tried again on the next scroll */ }
  paging = 0;
};

const restore = async () => {
  let r;
  try { r = await api(`history?limit=${PAGE}`); } catch (e) {
    if (e.status === 403 || e.status === 404) fresh();
    else setTimeout(restore, 5000);
    return;
  }
  if (r.state !== 'open') { st.done = 1; return fresh(); }
  setOp(st.op && st.op.name);
  welcome();
  /* the latest page: the cursor starts from the newest, earlier pages on scroll */
  r.messages.forEach(got);
  first = r.more && r.messages[0].id;
  q('.e').hidden = false;
  if (st.open) show(true);
  api('page', here()).catch(() => {});
  poll();
};

const build = () => {
  if (document.querySelector(`livechat-widget[data-channel="${cid}"]`)) return;
  const host = document.createElement('livechat-widget');
  host.dataset.channel = cid;
  host.style.cssText = 'all:initial!important;display:block!important;position:fixed!important;right:0!important;bottom:0!important;width:0!important;height:0!important;z-index:2147483000!important';
  root = host.attachShadow({mode: 'open'});
  root.innerHTML = HTML;
  /* A constructed sheet is CSSOM, so a host page's strict style-src CSP allows it. */
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.prepend(el('style', '', CSS));
  }
  q = s => root.querySelector(s);
  const ch = cfg.channel, c = ch.colors, input = q('.i textarea');
  paint(q('.b'), c.button_background, c.button_text);
  paint(q('.h'), c.header_background, c.header_text);
  root.querySelectorAll('.s').forEach(b => paint(b, c.button_background, c.button_text));
  q('.n span').textContent = ch.button_text;
  q('.w').setAttribute('aria-label', ch.name);
  input.placeholder = ch.input_placeholder || '';
  input.value = draft.chat || '';
  setOp();
  welcome();
  if (!cfg.available) offline();

  q('.b').onclick = () => show(q('.w').hidden, 1);
  q('.c').onclick = () => show(false, 1);
  q('.x').onclick = () => { q('.n').hidden = true; };
  q('.n span').onclick = () => show(true, 1);
  root.addEventListener('keydown', e => {
    if (e.key === 'Escape' && !full && !q('.w').hidden) show(false, 1);
  });
  q('.l').onscroll = earlier;
  q('.e').onclick = () => api('end', {}).then(ended, ended);
  q('.i').onsubmit = e => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = draft.chat = '';
    save(':draft', draft);
    clearTimeout(tyTimer);
    typing(0);
    setStatus();
    send(text).catch(e => { input.value = text; draft.chat = text; save(':draft', draft); setStatus(e.status && e.message || T.fail); });
  };
  input.onkeydown = e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); q('.i').requestSubmit(); }
  };
  input.oninput = () => {
    draft.chat = input.value;
    save(':draft', draft);
    clearTimeout(tyTimer);
    typing(input.value ? 1 : 0);
    tyTimer = setTimeout(() => typing(0), 4000);
  };
  root.querySelectorAll('.f button').forEach(b => {
    b.onclick = () => {
      rating = +b.dataset.r;
      root.querySelectorAll('.f button').forEach(o => o.setAttribute('aria-pressed', o === b));
    };
  });
  q('.k .s').onclick = () => {
    if (!rating) return;
    api('rating', {rating, comment: q('.k textarea').value.trim() || undefined}).finally(() => {
      q('.k').hidden = true;
      setStatus(T.thanks);
      q('.c').focus();
      st.done = 1;
      save('', st);
    });
  };
  q('.g').onsubmit = e => {
    e.preventDefault();
    api('transcript', {email: q('.g input').value.trim()}).then(() => {
      q('.g').hidden = true;
      setStatus(T.mailed);
    }, e => setStatus(e.status && e.message || T.fail));
  };
  const f = q('.o');
  f.oninput = () => {
    for (const k of ['name', 'email', 'message']) draft[k] = f.elements[k].value;
    save(':draft', draft);
  };
  f.onsubmit = e => {
    e.preventDefault();
    const data = {channel: cid, name: f.elements.name.value.trim(), email: f.elements.email.value.trim(), message: f.elements.message.value.trim()};
    api('offline', data).then(() => {
      draft = {};
      save(':draft');
      f.hidden = true;
      q('.l').hidden = false;
      setStatus(T.sent);
      q('.c').focus();
    }, e => setStatus(e.status && e.message || T.fail));
  };
  /* A visitor's own message wakes no poll: this site's other tabs of the chat see
     its id stored and read it, after a pause in which a poll may bring it first. */
  addEventListener('storage', e => {
    const o = e.key === KEY && load('');
    const behind = () => st.secret && o.secret === st.secret && o.sent && !q(`.l [data-id="${+o.sent}"]`);
    if (o && behind()) setTimeout(() => behind() && api(`history?after=${st.last || 0}`).then(r => (r.messages || []).forEach(got), () => {}), 500);
  });
  (document.body || document.documentElement).append(host);

  if (full) show(true, 1);
  if (st.secret) return restore();
  if (full) return;
  if (cfg.action === 'notify') q('.n').hidden = false;
  if (cfg.action === 'auto_open' && !dismissed()) setTimeout(() => q('.w').hidden && show(true), (cfg.auto_open_delay || 0) * 1000);
};

api(`init?channel=${cid}&url=${encodeURIComponent(location.href)}`).then(c => {
  cfg = c;
  if (c.action === 'hide' && !st.secret && !full) return;
  if (document.body) build(); else document.addEventListener('DOMContentLoaded', build);
}, () => {});
})();
