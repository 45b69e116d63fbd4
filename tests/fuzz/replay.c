/*
 * replay.c - run a libFuzzer target's LLVMFuzzerTestOneInput over files and
 * directories without libFuzzer, so that CTest replays every corpus in the
 * normal and the ASan builds and a crash once found stays fixed
 * (tests/fuzz/corpus/NAME, CTest fuzz_replay_NAME).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(b, cap *= 2);
            if (!nb)
                free(b);
            b = nb;
        }
    }
    fclose(f);
    if (!b) {
        fprintf(stderr, "%s: out of memory\n", path);
        return 1;
    }
    /* a private copy of exactly n bytes, so ASan sees reads past the end */
    uint8_t *exact = malloc(n ? n : 1);
    if (exact)
        memcpy(exact, b, n);
    free(b);
    if (!exact)
        return 1;
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int files = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st)) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            bad |= run_file(argv[i]);
            files++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) {
            perror(argv[i]);
            return 1;
        }
        char **names = NULL;
        size_t nn = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char **nw = realloc(names, (nn + 1) * sizeof *names);
            if (!nw)
                return 1;
            names = nw;
            names[nn] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
            if (!names[nn])
                return 1;
            sprintf(names[nn++], "%s/%s", argv[i], e->d_name);
        }
        closedir(d);
        qsort(names, nn, sizeof *names, cmp);
        for (size_t k = 0; k < nn; k++) {
            bad |= run_file(names[k]);
            files++;
            free(names[k]);
        }
        free(names);
    }
    printf("replayed %d inputs\n", files);
    return bad || !files;
}
