/*
 * report_clean.c - undo, before any line is read, what the way a report
 * travelled did to it (report_clean.h). Each repair is named, and the parser
 * warns once per input for each one used:
 *  - quoted-printable mail bodies copied raw from an archive: "=" soft line
 *    breaks at 76 columns, "=3D" for "=" (decoded only when both are seen);
 *  - forum markup put inside kernel lines ([COLOR="Red"]...[/COLOR]);
 *  - "\x0a" escapes of /dev/kmsg records (the counters block in one record);
 *  - hard wraps inside a field ("active_f" / "ile:75820kB", "managed:508584k"
 *    / "B"): the next line carries no log prefix of its own and the line
 *    before ends in a token that cannot be complete, so the halves are
 *    joined (with a blank when the cut fell after "key:" or "key?");
 *  - a terminal pager's '$' put in place of the character at the cut.
 * Wraps between whole tokens are left to the parser, which reads a
 * continuation from what it starts with (report.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format/report_clean.h"
#include "format/report_lex.h"

static const char *const fix_text[PA_FIX_NR] = {
    "quoted-printable mail text: '=' soft line breaks joined and '=3D' read as '='",
    "forum markup ([COLOR=...], [/COLOR], ...) removed from kernel lines",
    "a line cut inside a field was joined with the next line",
    ("a terminal's '$' at a cut line end was removed and the line joined with the next "
     "(the character it replaced is lost)"),
    "'\\x0a' escapes of /dev/kmsg records read as blanks",
};

const char *pa_clean_fix_text(enum pa_clean_fix f)
{
    return (unsigned)f < PA_FIX_NR ? fix_text[f] : "?";
}

struct outbuf {
    char *s;
    size_t len, cap;
};

static int ob_put(struct outbuf *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns)
            return -2;
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Forum tags: [COLOR=..], [/COLOR], [B], [SIZE=..], ... (case-insensitive),
   within the n bytes at p (the text is not NUL-terminated). */
static size_t bbcode_len(const char *p, size_t n)
{
    static const char *const tags[] = {"COLOR", "SIZE", "FONT", "B", "I", "U", "CODE", "QUOTE"};
    if (!n || *p != '[')
        return 0;
    size_t q = 1;
    if (q < n && p[q] == '/')
        q++;
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        size_t len = strlen(tags[i]);
        if (q + len >= n || strncasecmp(p + q, tags[i], len))
            continue;
        size_t e = q + len;
        if (p[e] == '=') {
            const char *close = memchr(p + e, ']', n - e);
            if (!close)
                return 0;
            e = (size_t)(close - p);
        }
        if (p[e] != ']')
            continue;
        return e + 1;
    }
    return 0;
}

/* One physical line, repaired in place into b (no newline). *soft: it ended
   in a quoted-printable soft break. */
static int repair_line(struct outbuf *b, const char *p, size_t n, bool qp, bool *soft,
                       unsigned *used)
{
    *soft = false;
    if (qp && n && p[n - 1] == '=') {
        *soft = true;
        n--;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (qp && ch == '=' && i + 2 < n) {
            int h = hexval(p[i + 1]), l = hexval(p[i + 2]);
            int v = h >= 0 && l >= 0 ? h * 16 + l : -1;
            /* printable ASCII, tab and no-break space; other bytes stay as printed */
            if ((v >= 0x20 && v < 0x7f) || v == 0x09 || v == 0xA0) {
                char out = v == 0x09 || v == 0xA0 ? ' ' : (char)v;
                if (ob_put(b, &out, 1))
                    return -2;
                *used |= 1u << PA_FIX_QP;
                i += 2;
                continue;
            }
        }
        if (ch == '[') {
            size_t t = bbcode_len(p + i, n - i);
            if (t) {
                *used |= 1u << PA_FIX_BBCODE;
                i += t - 1;
                continue;
            }
        }
        if (ch == '\\' && i + 3 < n && p[i + 1] == 'x' && p[i + 2] == '0' &&
            (p[i + 3] == 'a' || p[i + 3] == 'A')) {
            *used |= 1u << PA_FIX_KMSG_NL;
            if (ob_put(b, " ", 1))
                return -2;
            i += 3;
            continue;
        }
        if (ob_put(b, &ch, 1))
            return -2;
    }
    return 0;
}

/* ---- joining a field cut by a hard wrap --------------------------------------------- */

static bool kv_kind(enum rl_kind k)
{
    return k == K_ZONE || k == K_NODE || k == K_GLOBAL || k == K_KV;
}

static bool buddy_kind(enum rl_kind k)
{
    return k == K_BUDDY || k == K_BUDDY_CONT;
}

/* Is the token [t, e) complete for a line of kind k? */
static bool token_complete(const char *t, const char *e, enum rl_kind k)
{
    size_t n = (size_t)(e - t);
    char tok[96];
    if (n == 0 || n >= sizeof tok)
        return true;
    memcpy(tok, t, n);
    tok[n] = '\0';
    const char *q = tok;
    /* a number, "NkB" */
    while (isdigit((unsigned char)*q))
        q++;
    if (q != tok && (!*q || !strcmp(q, "kB") || !strcmp(q, "KB")))
        return true;
    if (buddy_kind(k)) {
        if (*tok == '(')
            return tok[n - 1] == ')';
        if (!strcmp(tok, "="))
            return true;
        q = tok;
        while (isdigit((unsigned char)*q))
            q++;
        if (q == tok || (*q != '*' && *q != '_'))
            return false;
        q++;
        const char *d = q;
        while (isdigit((unsigned char)*q))
            q++;
        return q != d && !strcmp(q, "kB");
    }
    if (!strcmp(tok, "yes") || !strcmp(tok, "no"))
        return true;
    const char *ke = pa_rl_key_end(tok);
    if (!ke)
        return false;
    if (*ke == '=') { /* hugepages_free=0 */
        q = ke + 1;
        const char *d = q;
        while (isdigit((unsigned char)*q))
            q++;
        return q != d && (!*q || !strcmp(q, "kB"));
    }
    if (*ke != ':')
        return false;
    q = ke + 1;
    if (*q == '-')
        q++;
    const char *d = q;
    while (isdigit((unsigned char)*q))
        q++;
    return q != d && (!*q || !strcmp(q, "kB") || !strcmp(q, "KB"));
}

/* Should cur (a physical line, repaired) be glued to prev (the cleaned line
   so far)? *blank: with a blank between. *dollar: prev ends in the pager's
   '$'. */
static bool glue(const char *prev, const char *cur, bool *blank, bool *dollar)
{
    bool pf;
    const char *c = pa_log_strip(cur, true, &pf);
    if (pf || !*c)
        return false;
    enum rl_kind kc = pa_rl_classify(c);
    if (kc != K_OTHER && kc != K_KV && kc != K_BUDDY_CONT && kc != K_NUMBERS && kc != K_GLOBAL &&
        kc != K_STACK)
        return false;
    bool ppf;
    const char *p = pa_log_strip(prev, true, &ppf);
    /* the piece after the last embedded stamp is what a wrap continues */
    for (const char *cut; (cut = pa_log_next_cut(p)) != NULL;)
        p = pa_log_strip(cut, false, &ppf);
    enum rl_kind kp = pa_rl_classify(p);
    if (!kv_kind(kp) && !buddy_kind(kp) && kp != K_HUGEPAGES)
        return false;
    if (strstr(p, "0x")) /* a header's "mode:0x...": its wraps are the parser's */
        return false;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (!n)
        return false;
    bool trailing_blank = p[n] == ' ' || p[n] == '\t';
    *dollar = p[n - 1] == '$' && !trailing_blank;
    if (*dollar) {
        *blank = false;
        return true;
    }
    if (kp == K_HUGEPAGES) { /* "Node 0 hugepages_total=0 hugepages_free=0" / "hugepages_surp=..." */
        *blank = true;
        return rl_starts(c, "hugepages_") && !strstr(p, "hugepages_size=");
    }
    const char *t = p + n;
    while (t > p && t[-1] != ' ' && t[-1] != '\t')
        t--;
    *blank = p[n - 1] == ':' || p[n - 1] == '?';
    if (*blank) /* "all_unreclaimable?" / "shmem_thp:": the value is on the next line */
        return kc == K_OTHER || kc == K_NUMBERS || kc == K_BUDDY_CONT;
    if (token_complete(t, p + n, kp))
        return false;
    if (trailing_blank)
        return false; /* the writer ended the line there: not a cut token */
    return true;
}

/* ---- the whole text ------------------------------------------------------------------- */

int pa_report_clean(const char *text, size_t len, struct pa_clean *out)
{
    memset(out, 0, sizeof *out);
    /* Quoted-printable: a soft break somewhere and an encoded '=' somewhere. */
    bool has_3d = false, has_soft = false;
    for (size_t i = 0; i + 2 < len; i++)
        if (text[i] == '=' && text[i + 1] == '3' && text[i + 2] == 'D') {
            has_3d = true;
            break;
        }
    for (size_t i = 1; i < len; i++)
        if (text[i] == '\n' && (text[i - 1] == '=' || (i > 1 && text[i - 1] == '\r' &&
                                                        text[i - 2] == '=')))
            has_soft = true;
    bool qp = has_3d && has_soft;

    struct outbuf b = {0}, line = {0};
    size_t cap = 64;
    out->off = malloc(cap * sizeof *out->off);
    out->line_of = malloc(cap * sizeof *out->line_of);
    if (!out->off || !out->line_of)
        goto oom;
    bool prev_soft = false;
    int nin = 0;
    size_t cur_start = 0; /* offset in b of the cleaned line being built */
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        if (j == len && i == len && len && text[len - 1] == '\n')
            break; /* no empty line after a final newline */
        size_t n = j - i;
        if (n && text[i + n - 1] == '\r')
            n--;
        nin++;
        line.len = 0;
        if (ob_put(&line, "", 0))
            goto oom;
        unsigned used = 0;
        bool soft;
        if (repair_line(&line, text + i, n, qp, &soft, &used))
            goto oom;
        bool blank = false, dollar = false;
        bool join = out->nr > 0 && (prev_soft || glue(b.s + cur_start, line.s, &blank, &dollar));
        if (join) {
            if (prev_soft)
                ;
            else if (dollar) {
                b.len--;
                b.s[b.len] = '\0';
                used |= 1u << PA_FIX_DOLLAR;
            } else {
                while (b.len > cur_start && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
                    b.len--;
                b.s[b.len] = '\0';
                if (blank && ob_put(&b, " ", 1))
                    goto oom;
                used |= 1u << PA_FIX_SPLIT_TOKEN;
            }
            const char *c = line.s;
            if (!prev_soft && !dollar) { /* the continuation's own indentation, quote marks */
                c = rl_skip_ws(c);
                while (*c == '>')
                    c = rl_skip_ws(c + 1);
            }
            if (ob_put(&b, c, strlen(c)))
                goto oom;
        } else {
            if ((size_t)out->nr == cap) {
                cap *= 2;
                size_t *no = realloc(out->off, cap * sizeof *no);
                if (!no)
                    goto oom;
                out->off = no;
                int *nl = realloc(out->line_of, cap * sizeof *nl);
                if (!nl)
                    goto oom;
                out->line_of = nl;
            }
            if (out->nr && ob_put(&b, "", 1)) /* the NUL ending the line before */
                goto oom;
            cur_start = b.len;
            out->off[out->nr] = cur_start;
            out->line_of[out->nr] = nin;
            out->nr++;
            if (ob_put(&b, line.s, line.len))
                goto oom;
        }
        if (prev_soft && join)
            used |= 1u << PA_FIX_QP;
        for (int f = 0; f < PA_FIX_NR; f++)
            if ((used & (1u << f)) && !out->first_line[f])
                out->first_line[f] = nin;
        prev_soft = soft;
        i = j + 1;
        if (j == len)
            break;
    }
    free(line.s);
    if (!b.s && ob_put(&b, "", 0))
        goto oom;
    out->text = b.s;
    return 0;
oom:
    free(line.s);
    free(b.s);
    pa_report_clean_free(out);
    return -2;
}

void pa_report_clean_free(struct pa_clean *c)
{
    if (!c)
        return;
    free(c->text);
    free(c->off);
    free(c->line_of);
    memset(c, 0, sizeof *c);
}
