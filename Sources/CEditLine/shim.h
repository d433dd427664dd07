#include <histedit.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

// libedit's el_set, el_get and history() are variadic, which Swift cannot call: these fixed-argument wrappers
// cover the operations the REPL uses.

/// A function bound to a key (EL_ADDFN): returns one of the CC_* codes.
typedef unsigned char (*spec_el_command)(EditLine *, int);
/// A prompt function (EL_PROMPT).
typedef char *(*spec_el_prompt)(EditLine *);

static inline int spec_el_set_prompt(EditLine *el, spec_el_prompt prompt) { return el_set(el, EL_PROMPT, prompt); }
static inline int spec_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
/// EL_SIGNAL: while reading, libedit handles SIGINT, SIGWINCH, … itself, then re-raises them.
static inline int spec_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int spec_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int spec_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *spec_el_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}
static inline int spec_el_add_function(EditLine *el, const char *name, const char *help, spec_el_command fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int spec_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, (const char *)NULL);
}

static inline int spec_history_set_size(History *h, HistEvent *ev, int size) { return history(h, ev, H_SETSIZE, size); }
static inline int spec_history_set_unique(History *h, HistEvent *ev, int on) { return history(h, ev, H_SETUNIQUE, on); }
static inline int spec_history_enter(History *h, HistEvent *ev, const char *line) { return history(h, ev, H_ENTER, line); }
static inline int spec_history_load(History *h, HistEvent *ev, const char *path) { return history(h, ev, H_LOAD, path); }
static inline int spec_history_save(History *h, HistEvent *ev, const char *path) { return history(h, ev, H_SAVE, path); }

/// Installs `handler` for SIGINT and unblocks SIGINT (in case the parent started this process with it blocked).
/// SA_RESTART keeps a program's own reads and writes going through a Ctrl-C; at the prompt the read still
/// returns EINTR, because libedit (EL_SIGNAL) catches the signal first with its own handler, then re-raises it.
static inline int spec_install_sigint(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    return pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
}

/// The width of the terminal on `fd`, or 0 when it is not a terminal.
static inline int spec_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
