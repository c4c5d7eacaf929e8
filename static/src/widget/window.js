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

export default w => {
  wireComposer(w);
  wireRating(w);
  wireTranscriptForm(w);
  wireOfflineForm(w);
  wirePrechat(w);
};
