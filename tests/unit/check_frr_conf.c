/* SPDX-License-Identifier: ISC */
/* The FRR configuration tokenizer frr_needs and `azlab graph` share:
 * lines and their endings, words, comments, long lines, and the BGP
 * statements it names. */
#include <check.h>
#include <string.h>

#include "frr/frr_conf.h"
#include "unit.h"

/* Every line of text, its words joined by "|", lines by "/". */
static void lines_are(const char *text, const char *want)
{
	struct frr_conf_line l;
	char got[256] = "", word[64];
	size_t used = 0, lines = 0;

	while (frr_conf_next(&text, &l)) {
		used += snprintf(got + used, sizeof(got) - used, "%s",
				 lines++ > 0 ? "/" : "");
		for (size_t i = 0; i < l.n && i < FRR_CONF_WORDS; i++)
			used += snprintf(got + used, sizeof(got) - used,
					 "%s%s", i > 0 ? "|" : "",
					 frr_conf_copy(l.word[i], word,
						       sizeof(word)));
	}
	ck_assert_str_eq(got, want);
}

START_TEST(test_lines_and_words)
{
	lines_are("", "");
	lines_are("router bgp 65001", "router|bgp|65001");
	lines_are("  neighbor 10.0.0.1 \t remote-as\t65002  \n",
		  "neighbor|10.0.0.1|remote-as|65002");
	/* "\n", "\r\n" and "\r" each end one line; blank lines have none */
	lines_are("a\nb\r\nc\rd\n\n e \n", "a/b/c/d//e");
	lines_are("\r\n\r\nx", "//x");
}
END_TEST

START_TEST(test_comments)
{
	lines_are("! router bgp 1\n  # ip route\n!\nrouter ospf ! x\n",
		  "///router|ospf|!|x");
	lines_are("hostname r1#2\n", "hostname|r1#2");
}
END_TEST

START_TEST(test_long_lines)
{
	const char *text = "a b c d e f g h i j\nk";
	struct frr_conf_line l;

	ck_assert(frr_conf_next(&text, &l));
	ck_assert_uint_eq(l.n, 10);	/* counted past FRR_CONF_WORDS */
	ck_assert(frr_conf_is(&l, FRR_CONF_WORDS - 1, "h"));
	ck_assert(!frr_conf_is(&l, FRR_CONF_WORDS, "i"));
	ck_assert_str_eq(text, "k");
	ck_assert(frr_conf_next(&text, &l));
	ck_assert(!frr_conf_next(&text, &l));
	ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(test_word_is_and_copy)
{
	const char *text = "neighbor remote-asX";
	struct frr_conf_line l;
	char buf[5];

	ck_assert(frr_conf_next(&text, &l));
	ck_assert(frr_conf_is(&l, 0, "neighbor"));
	ck_assert(!frr_conf_is(&l, 0, "neighbo"));
	ck_assert(!frr_conf_is(&l, 0, "neighbors"));
	ck_assert(!frr_conf_is(&l, 1, "remote-as"));
	ck_assert(!frr_conf_is(&l, 2, ""));	/* past the last word */
	ck_assert_str_eq(frr_conf_copy(l.word[0], buf, sizeof(buf)), "neig");
	buf[0] = 'x';
	frr_conf_copy(l.word[0], buf, 0);	/* no room: untouched */
	ck_assert_int_eq(buf[0], 'x');
}
END_TEST

static const struct {
	const char *line;
	enum frr_conf_bgp want;
} bgp_cases[] = {
	{ "router bgp 65001", FRR_CONF_BGP_ROUTER },
	{ "router bgp 65001 vrf blue", FRR_CONF_BGP_OTHER },
	{ "router bgp", FRR_CONF_BGP_OTHER },
	{ "router ospf 1", FRR_CONF_BGP_OTHER },
	{ " neighbor 10.0.0.1 remote-as 65002", FRR_CONF_BGP_REMOTE_AS },
	{ " neighbor 10.0.0.1 remote-as external x", FRR_CONF_BGP_REMOTE_AS },
	{ " neighbor PEERS peer-group", FRR_CONF_BGP_OTHER },
	{ " neighbor 10.0.0.1 peer-group PEERS", FRR_CONF_BGP_PEER_GROUP },
	{ " neighbor 10.0.0.1 description remote-as", FRR_CONF_BGP_OTHER },
	{ " neighbor 10.0.0.1 remote-as", FRR_CONF_BGP_OTHER },
	{ "! neighbor 10.0.0.1 remote-as 1", FRR_CONF_BGP_OTHER },
};

START_TEST(test_bgp)
{
	const char *text = bgp_cases[_i].line;
	struct frr_conf_line l;

	ck_assert(frr_conf_next(&text, &l));
	ck_assert_msg(frr_conf_bgp(&l) == bgp_cases[_i].want, "'%s': %d",
		      bgp_cases[_i].line, frr_conf_bgp(&l));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("frr_conf");
	TCase *tc = tcase_create("frr_conf");

	tcase_add_test(tc, test_lines_and_words);
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_word_is_and_copy);
	tcase_add_loop_test(tc, test_bgp, 0,
			    sizeof(bgp_cases) / sizeof(bgp_cases[0]));
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
