/* The window's forms: the composer, rating, transcript, pre-chat and offline
   forms. An ES module the loader imports when it first draws the window, so
   that the closed widget stays small; it defines no global, and its one export
   gets the loader's parts and state (`w`) to wire the window's forms to. */

let typingTimer;

const saveChatDraft = (w, text) => {
  w.draft.chat = text;
  w.store(':draft', w.draft);
};

const wireComposer = w => {
  const {ui} = w, input = ui.input;
  ui.composer.onsubmit = event => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    saveChatDraft(w, '');
    clearTimeout(typingTimer);
    w.sendTyping(false);
    w.setStatus();
    w.sendMessage(text).catch(error => {
      input.value = text;
      saveChatDraft(w, text);
      w.setStatus(error.status && error.message || w.texts.not_sent);
    });
  };
  input.onkeydown = event => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.composer.requestSubmit();
    }
  };
  input.oninput = () => {
    saveChatDraft(w, input.value);
    clearTimeout(typingTimer);
    w.sendTyping(!!input.value);
    typingTimer = setTimeout(() => w.sendTyping(false), 4000);
  };
};

const wireRating = w => {
  const {ui} = w, faces = ui.rating.querySelectorAll('.lc-faces button');
  let rating = 0;
  faces.forEach(face => {
    face.onclick = () => {
      rating = +face.dataset.rating;
      faces.forEach(other => other.setAttribute('aria-pressed', other === face));
    };
  });
  ui.rating.querySelector('.lc-send').onclick = () => {
    if (!rating) return;
    const comment = ui.rating.querySelector('textarea').value.trim() || undefined;
    w.api('rating', {rating, comment}).finally(() => {
      ui.rating.hidden = true;
      w.setStatus(w.texts.thanks);
      ui.closeButton.focus();
      w.chat.phase = 'done';
      w.store('', w.chat);
    });
  };
};

const wireTranscriptForm = w => {
  const {ui} = w;
  ui.transcript.onsubmit = event => {
    event.preventDefault();
    w.api('transcript', {email: ui.transcript.elements.email.value.trim()}).then(() => {
      ui.transcript.hidden = true;
      w.setStatus(w.texts.mailed);
    }, error => w.setStatus(error.status && error.message || w.texts.not_sent));
  };
};

const wirePrechat = w => {
  const {ui} = w;
  ui.prechat.onsubmit = event => {
    event.preventDefault();
    w.draft.prechat = {};
    for (const field of w.PRECHAT_FIELDS) {
      const input = ui.prechat.elements[field], value = input.value.trim();
      if (value && !input.hidden) w.draft.prechat[field] = value;
    }
    w.store(':draft', w.draft);
    ui.prechat.hidden = true;
    ui.composer.hidden = false;
    ui.input.focus();
  };
};

const wireOfflineForm = w => {
  const {ui} = w, form = ui.offline, value = field => form.elements[field].value.trim();
  form.oninput = () => {
    for (const field of ['name', 'email', 'message']) w.draft[field] = form.elements[field].value;
    w.store(':draft', w.draft);
  };
  form.onsubmit = event => {
    event.preventDefault();
    w.api('offline', {channel: w.channelId, name: value('name'), email: value('email'), message: value('message')}).then(() => {
      w.draft = {};
      w.store(':draft');
      form.hidden = true;
      ui.log.hidden = false;
      w.setStatus(w.texts.offline_sent);
      ui.closeButton.focus();
    }, error => w.setStatus(error.status && error.message || w.texts.not_sent));
  };
};

/* Files, both ways, within the channel's limits (config.channel.files): the visitor's go up as
   raw bytes (the paperclip, a drop on the window, a paste in the message); everyone's show under
   their message, a checked image inline, anything else as a link that downloads it. Only the
   session's secret fetches them, so they come as blobs. */
const fetchFile = async (w, file) => {
  const response = await fetch(w.server + file.url, {headers: {'X-Livechat-Secret': w.chat.secret},
    credentials: 'omit'});
  if (!response.ok) throw response;
  return URL.createObjectURL(await response.blob());
};

const showFiles = w => (bubble, files) => {
  for (const file of files) {
    const link = document.createElement('a');
    link.className = 'lc-file';
    link.textContent = file.name;
    link.download = file.name;
    link.href = '#';
    link.onclick = event => {
      if (link.href.startsWith('blob:')) return;
      event.preventDefault();
      fetchFile(w, file).then(url => { link.href = url; link.click(); }, () => w.setStatus(w.texts.not_sent));
    };
    bubble.append(link);
    if (file.image) {
      fetchFile(w, file).then(url => {
        const image = document.createElement('img');
        image.alt = file.name;
        image.onload = () => link.replaceChildren(image);  /* a host page's CSP may refuse blob: images */
        image.src = link.href = url;
      }, () => {});
    }
  }
};

const upload = async (w, file) => {
  const query = `name=${encodeURIComponent(file.name || 'file')}&type=${encodeURIComponent(file.type)}`;
  const response = await fetch(`${w.server}/livechat/file?${query}`, {method: 'POST', body: file,
    headers: {'X-Livechat-Secret': w.chat.secret, 'Content-Type': 'application/octet-stream'}, credentials: 'omit'});
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(answer, {status: response.status});
  return answer;
};

const sendFile = (w, file) => {
  const limits = w.config.channel.files, type = /\.([^.]*)$/.exec(file.name)?.[1].toLowerCase();
  if (!limits.types.includes(type)) return w.setStatus(w.texts.file_type);
  if (file.size > limits.max_size) return w.setStatus(w.texts.too_large.replace('%d', limits.max_size >> 20));
  w.setStatus();
  return w.sendMessage('', () => upload(w, file))
    .catch(error => w.setStatus(error.status && error.message || w.texts.not_sent));
};

const wireFiles = w => {
  const {ui} = w, picker = ui.composer.querySelector('[type=file]'), attach = ui.composer.querySelector('.lc-attach');
  w.showFiles = showFiles(w);
  if (!w.config.channel.files) return;
  const send = async files => {
    for (const file of [...files]) await sendFile(w, file);  /* one after the other: in order */
  };
  attach.hidden = false;
  attach.onclick = () => picker.click();
  picker.accept = w.config.channel.files.types.map(type => `.${type}`).join();
  picker.onchange = () => {
    send(picker.files);
    picker.value = '';
  };
  ui.window.addEventListener('dragover', event => event.preventDefault());
  ui.window.addEventListener('drop', event => {
    event.preventDefault();
    if (!ui.composer.hidden) send(event.dataTransfer.files);
  });
  ui.input.addEventListener('paste', event => {
    if (!event.clipboardData.files.length) return;
    event.preventDefault();
    send(event.clipboardData.files);
  });
};

/* The queue (a channel option): every operator is busy, so the visitor's first message waits,
   shown as pending, with the visitor's place asked for every few seconds, until an operator is
   free for it (true) or none is left (false: the offline form). One wait at a time. */
const QUEUE_ASK_MS = 5000;
let waiting;
const waitInQueue = w => text => waiting ||= (async () => {
  const pending = document.createElement('div');
  pending.className = 'lc-msg lc-mine lc-pending';
  pending.textContent = text;
  if (text) w.ui.log.append(pending);
  let ticket;
  try {
    for (;;) {
      const answer = await w.api('queue', {channel: w.channelId, ticket}).catch(error => error);
      if (answer.status < 500) return false;  /* nobody left, the hours ended, the queue switched off */
      if (answer.ticket) {
        ticket = answer.ticket;
        w.setStatus(w.texts.queue.replace('%s', answer.position));
        if (answer.turn && await w.startSession(text, ticket)) return true;
      }
      await w.sleep(QUEUE_ASK_MS);
    }
  } finally {
    pending.remove();
    waiting = null;
    w.setStatus();
  }
})();

export default w => {
  w.waitInQueue = waitInQueue(w);
  wireFiles(w);
  wireComposer(w);
  wireRating(w);
  wireTranscriptForm(w);
  wireOfflineForm(w);
  wirePrechat(w);
};
