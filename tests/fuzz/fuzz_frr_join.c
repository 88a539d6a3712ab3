/* SPDX-License-Identifier: ISC */
/* The join of routers' files for a shared FRR (frr_join.c) on any two
 * texts (the input cut at its first "\n===\n"): an error names one of
 * the files, or the output has a map line per line and every router
 * block in one of the two VRFs. */
#include "fuzz.h"
#include "frr/frr_join.h"

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void check_joined(const char *out, const char *map)
{
	char where[64];

	FUZZ_ASSERT(count_lines(out) == count_lines(map));
	for (const char *p = out; *p != '\0'; p = strchr(p, '\n') + 1) {
		size_t len = strcspn(p, "\n");

		if (strncmp(p, "router bgp ", 11) == 0)
			FUZZ_ASSERT((len > 9 && memcmp(p + len - 9, " vrf ns-a",
						       9) == 0) ||
				    (len > 9 && memcmp(p + len - 9, " vrf ns-b",
						       9) == 0));
	}
	for (unsigned i = 1; i <= count_lines(map); i++) {
		const char *w = frr_join_where(map, i, where, sizeof(where));

		FUZZ_ASSERT(w == NULL || strncmp(w, "a.conf:", 7) == 0 ||
			    strncmp(w, "b.conf:", 7) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *cut = strstr(text, "\n===\n");
	char *out = NULL, *map = NULL;
	size_t out_len = 0, map_len = 0;
	struct frr_join_src src[2] = {
		{ "a.conf", "ns-a", text }, { "b.conf", "ns-b", "" },
	};
	FILE *fo = open_memstream(&out, &out_len);
	FILE *fm = open_memstream(&map, &map_len);
	struct azerr e;
	int rc;

	FUZZ_ASSERT(fo != NULL && fm != NULL);
	if (cut != NULL) {
		cut[1] = '\0';
		src[1].text = cut + 5;
	}
	rc = frr_join(src, 2, fo, fm, &e);
	fclose(fo);
	fclose(fm);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc < 0)
		FUZZ_ASSERT(strncmp(e.msg, "a.conf:", 7) == 0 ||
			    strncmp(e.msg, "b.conf:", 7) == 0 ||
			    strcmp(e.msg, "out of memory") == 0);
	else
		check_joined(out, map);
	free(out);
	free(map);
	free(text);
	return 0;
}
