odoo.define('livechat.operator_chat', function (require) {
"use strict";

/**
 * The operator's side of visitor chats, on any screen of the backend:
 * a new session opens its chat window by itself with a chime and a
 * notification, and the window shows who the visitor is, where they are,
 * and when they type. The rest (messages, history, Discuss) is mail's own.
 */
var bus = require('bus.bus').bus;
var isWebUrl = require('livechat.session_fields').isWebUrl;
var chat_manager = require('mail.chat_manager');
var ExtendedChatWindow = require('mail.ExtendedChatWindow');
var utils = require('mail.utils');
var core = require('web.core');
var web_client = require('web.web_client');

var _t = core._t;
var QWeb = core.qweb;

var SESSION_TYPE = 'livechat_visitor';
var TYPING_SENT_EVERY = 3000;  // ms between two "still typing" signals
var TYPING_STOPS_AFTER = 4000;  // ms without a key before "stopped typing"
var windows = {};  // session id -> the chat window showing it
var chime = typeof Audio !== 'undefined' ? new Audio('/livechat/static/src/audio/new_chat.wav') : null;

function announce(session) {
    // the server opened the session for this operator (is_minimized): joining
    // it in the chat manager opens its window
    chat_manager.join_channel(session.id, {autoswitch: false});
    if (bus.is_master) {
        var title = _.str.sprintf(_t("New chat with %s"), session.anonymous_name || session.name);
        // the browser's notification shows text; the web client's renders HTML
        var native = window.Notification && Notification.permission === 'granted';
        utils.send_notification(web_client, native ? title : _.escape(title),
            _t("A visitor is waiting for your answer."));
        if (chime) {
            var playing = chime.play();
            if (playing && playing.catch) { playing.catch(function () {}); }
        }
    }
}

var makeChannel = chat_manager.make_channel;
chat_manager.make_channel = function (data) {
    var channel = makeChannel.apply(this, arguments);
    if (data.channel_type === SESSION_TYPE) {
        channel.livechat_state = data.livechat_state;
        if (data.livechat_state === 'closed') {
            // an ended chat stays in Discuss and the systray, but does not
            // reopen its window at every login (only when the operator opens it)
            channel.is_detached = false;
        }
    }
    return channel;
};

var postMessage = chat_manager.post_message;
chat_manager.post_message = function (data, options) {
    var posting = postMessage.apply(this, arguments);
    var chatWindow = options && windows[options.channel_id];
    if (chatWindow) {
        // the server refuses a reply once the visitor left: say it in the
        // window and give the text back, instead of a dialog over the screen
        posting.fail(function (error, event) {
            if (error && error.data && /\.SessionEndedError$/.test(error.data.name)) {
                event.preventDefault();
                chatWindow.livechatNotSent(data.content, error.data.arguments[0]);
            }
        });
    }
    return posting;
};

function onSessionClosed(sessionId) {
    var channel = chat_manager.get_channel(sessionId);
    if (channel && channel.livechat_state !== 'closed') {
        channel.livechat_state = 'closed';
        // ended chats put themselves away: the window folds (its header says
        // the visitor left), the chat stays in Discuss
        if (!channel.is_folded) {
            channel.is_folded = true;
            chat_manager.bus.trigger('channel_toggle_fold', channel);
        }
    }
}

function onOperatorEvent(event) {
    if (event.type === 'session_closed') {
        onSessionClosed(event.session_id);
    } else if (event.type === 'handed_on') {
        // the chat left this operator's hands (forwarded): its window closed
        web_client.do_notify(_t("Chat forwarded"), _.escape(event.text));  // shown as HTML
        return;
    }
    var chatWindow = windows[event.session_id];
    if (!chatWindow) {
        return;
    }
    if (event.type === 'typing') {
        chatWindow.livechatShowTyping(event.typing);
    } else if (event.type === 'visitor_seen') {
        chatWindow.livechatShowSeen(event.message_id);
    } else {
        chatWindow.livechatRefresh();
    }
}

bus.on('notification', null, function (notifications) {
    _.each(notifications, function (notification) {
        var channel = notification[0];
        var data = notification[1];
        if (channel[1] === 'res.partner' && data.channel_type === SESSION_TYPE &&
                data.state === 'open' && data.livechat_state === 'open' &&
                !chat_manager.get_channel(data.id)) {
            announce(data);
        } else if (channel[1] === 'livechat.operator') {
            onOperatorEvent(data);
        }
    });
});

ExtendedChatWindow.include({
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            var channel = self.channel_id && chat_manager.get_channel(self.channel_id);
            if (channel && channel.type === SESSION_TYPE) {
                self._livechatSetup();
            }
        });
    },
    destroy: function () {
        if (windows[this.channel_id] === this) {
            delete windows[this.channel_id];
        }
        this._super.apply(this, arguments);
    },
    livechatRefresh: function () {
        var self = this;
        return this._rpc({
            model: 'mail.channel',
            method: 'livechat_visitor_info',
            args: [[this.channel_id]],
        }, {shadow: true}).then(function (info) {
            self.livechatInfo = info;
            self._livechatRender();
        });
    },
    livechatShowTyping: function (typing) {
        this.livechatVisitorTyping = typing;
        this._livechatRender();
    },
    livechatShowSeen: function (messageId) {
        if (this.livechatInfo && messageId > (this.livechatInfo.seen_message_id || 0)) {
            this.livechatInfo.seen_message_id = messageId;
            this._livechatRenderSeen();
        }
    },
    livechatNotSent: function (text, reason) {
        this.livechatUnsent = reason;
        this.$('.o_composer_text_field').val(text);
        this.livechatRefresh();
    },
    render: function () {
        this._super.apply(this, arguments);
        this._livechatRenderSeen();  // the thread was drawn anew
    },
    render_header: function () {
        this._super.apply(this, arguments);
        if (this.$livechatInfo) {
            // the visitor chose the name: its direction marks stay inside it
            this.$('.o_chat_title').contents().filter(function () {
                return this.nodeType === 3 && $.trim(this.nodeValue);
            }).wrap('<bdi class="o_livechat_name"/>');
            if (this.livechatInfo && this.livechatInfo.state === 'closed') {
                $('<span class="o_livechat_title_left"/>').text(_t("(left)"))
                    .appendTo(this.$('.o_chat_title'));
            }
        }
    },
    _livechatSetup: function () {
        var self = this;
        windows[this.channel_id] = this;
        this.$el.addClass('o_livechat_session');
        this.$livechatInfo = $('<div class="o_livechat_visitor"/>').insertAfter(this.$('.o_chat_header'));
        this.$livechatEnded = $('<div class="o_livechat_ended"/>').insertBefore(this.$('.o_chat_composer'));
        var stopTyping = _.debounce(function () { self._livechatSendTyping(false); },
                                    TYPING_STOPS_AFTER);
        var stillTyping = _.throttle(function () { self._livechatSendTyping(true); },
                                     TYPING_SENT_EVERY, {trailing: false});
        this.$('.o_composer_text_field').on('input', function () {
            stillTyping();
            stopTyping();
        });
        this.livechatRefresh();
    },
    _livechatRender: function () {
        if (this.$livechatInfo && this.livechatInfo) {
            var ended = this.livechatInfo.state === 'closed';
            this.$livechatInfo.html(QWeb.render('livechat.VisitorInfo', {
                info: this.livechatInfo,
                typing: this.livechatVisitorTyping,
                is_web_url: isWebUrl,
            }));
            this.$livechatEnded.html(ended ? QWeb.render('livechat.SessionEnded', {
                unsent: this.livechatUnsent,
            }) : '');
            // nothing can reach the visitor any more: the draft stays readable
            this.$('.o_composer_text_field').prop('disabled', ended);
            this.$el.toggleClass('o_livechat_closed', ended);
            this.render_header();
            this._livechatRenderSeen();
        }
    },
    /**
     * "Seen" under the last of the operators' messages the visitor had in view
     * (the visitor's widget tells it; the server keeps the latest).
     */
    _livechatRenderSeen: function () {
        var seenId = this.livechatInfo && this.livechatInfo.seen_message_id;
        var $message = seenId ? this.$('.o_thread_message[data-message-id="' + seenId + '"]') : $();
        if ($message.find('.o_livechat_seen').length) {
            return;
        }
        this.$('.o_livechat_seen').remove();
        $('<div class="o_livechat_seen"/>').text(_t("Seen")).appendTo($message.find('.o_thread_message_core'));
    },
    _livechatSendTyping: function (typing) {
        if (this.livechatInfo && this.livechatInfo.state === 'closed') {
            return;
        }
        this._rpc({route: '/livechat/operator/typing',
                   params: {session_id: this.channel_id, typing: typing}}, {shadow: true});
    },
});

return {windows: windows};

});
