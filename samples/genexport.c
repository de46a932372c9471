/*
 * genexport - write a benchmark-size ticket export in one CRM's layout.
 *
 * The layouts and quirks are those of the small hand-made samples
 * (samples/LAYOUT.csv, written by samples/mksamples.py): the same headers, date
 * formats, delimiters, line ends, quoting and footers, and the same imaginary
 * short-video app's support and trust-and-safety contacts, at any size.
 *
 * Deterministic: the output depends only on the options.  Every ticket is
 * generated from its own random stream (splitmix64 keyed by seed and row),
 * so row i can be made again without making rows 0..i-1 (that is how
 * --overlap repeats the rows of an older export).  The arithmetic is integer
 * or IEEE double + - * / (no libm, and no product added to anything, so no
 * compiler can fuse a multiply-add), so every machine writes the same bytes.
 * Standard C and POSIX write(2) only.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define HOUR		3600
#define DAY		86400
#define NONE		((int64_t)-1)

/* ------------------------------------------------------------------------ */
/* random numbers */

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t
sm64(uint64_t *s)
{
	return mix64(*s += UINT64_C(0x9e3779b97f4a7c15));
}

/* A stream for (seed, purpose, index). */
static uint64_t
stream(uint64_t seed, uint64_t purpose, uint64_t i)
{
	return mix64(mix64(seed ^ (purpose * UINT64_C(0xd1b54a32d192ed03))) + i);
}

/* Uniform in [0, n); the modulo bias (at most n / 2^64) does not matter here. */
static uint64_t
rnd(uint64_t *s, uint64_t n)
{
	return n ? sm64(s) % n : 0;
}

/* Uniform in [0, 1), 53 bits. */
static double
rnd01(uint64_t *s)
{
	return (double)(sm64(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* True with probability pm per mille. */
static int
chance(uint64_t *s, unsigned pm)
{
	return rnd(s, 1000) < pm;
}

/* Index drawn with the given integer weights. */
static int
pick(uint64_t *s, const int *w, int n)
{
	int i, tot = 0;
	uint64_t r;

	for (i = 0; i < n; i++)
		tot += w[i];
	r = rnd(s, tot);
	for (i = 0; i < n - 1; i++) {
		if (r < (uint64_t)w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

/* exp(sigma * z) at the 64 midpoint quantiles of the standard normal. */
static const double LN09[64] = {
	0.1135, 0.1672, 0.2048, 0.2367, 0.2655, 0.2924, 0.3181, 0.3429,
	0.3672, 0.3911, 0.4147, 0.4383, 0.4618, 0.4854, 0.5091, 0.5329,
	0.5571, 0.5815, 0.6062, 0.6314, 0.6570, 0.6830, 0.7096, 0.7368,
	0.7647, 0.7932, 0.8225, 0.8526, 0.8836, 0.9155, 0.9485, 0.9825,
	1.0178, 1.0543, 1.0923, 1.1317, 1.1729, 1.2158, 1.2607, 1.3077,
	1.3571, 1.4092, 1.4641, 1.5222, 1.5839, 1.6496, 1.7198, 1.7952,
	1.8764, 1.9644, 2.0603, 2.1655, 2.2817, 2.4112, 2.5570, 2.7234,
	2.9161, 3.1438, 3.4198, 3.7664, 4.2245, 4.8817, 5.9816, 8.8093,
};
static const double LN12[64] = {
	0.0550, 0.0921, 0.1208, 0.1464, 0.1706, 0.1941, 0.2171, 0.2400,
	0.2629, 0.2860, 0.3093, 0.3329, 0.3569, 0.3814, 0.4065, 0.4321,
	0.4583, 0.4853, 0.5131, 0.5416, 0.5711, 0.6015, 0.6330, 0.6655,
	0.6993, 0.7343, 0.7706, 0.8085, 0.8479, 0.8890, 0.9319, 0.9768,
	1.0238, 1.0731, 1.1249, 1.1794, 1.2369, 1.2976, 1.3619, 1.4301,
	1.5026, 1.5798, 1.6624, 1.7510, 1.8463, 1.9491, 2.0605, 2.1817,
	2.3144, 2.4602, 2.6217, 2.8016, 3.0038, 3.2332, 3.4966, 3.8032,
	4.1662, 4.6054, 5.1523, 5.8601, 6.8292, 8.2813, 10.8581, 18.1936,
};

/* ------------------------------------------------------------------------ */
/* the world: people, agents, topics */

static const char *const DOMAINS[] = {
	"example.com", "example.net", "example.org", "mail.example.com",
};

struct country {
	const char *name;
	int w;
	const char *const *first;
	int nfirst;
	const char *const *last;
	int nlast;
	const char *lang;
	const char *localdom;		/* NULL: only DOMAINS */
};

static const char *const MY_F[] = { "Nur Aisyah", "Muhammad Hafiz", "Siti Aminah",
	"Ahmad Faizal", "Wei Ming", "Mei Ling", "Priya", "Nurul Izzah", "Aiman", "Farah" };
static const char *const MY_L[] = { "binti Ahmad", "bin Ismail", "Tan", "Lim",
	"Ramasamy", "Wong", "binti Osman", "bin Yusof" };
static const char *const ID_F[] = { "Budi", "Dewi", "Rizky", "Putri", "Agus", "Ayu",
	"Fajar", "Indah", "Yoga", "Sari" };
static const char *const ID_L[] = { "Santoso", "Anggraini", "Pratama", "Maharani",
	"Setiawan", "Wijaya", "Hidayat", "Kusuma" };
static const char *const ES_F[] = { "José", "María", "Iñaki", "Lucía", "Sofía",
	"Álvaro", "Nuria" };
static const char *const ES_L[] = { "Peña", "Fernández", "Muñoz", "Gómez", "Ibáñez",
	"Ruiz" };
static const char *const MX_F[] = { "Sofía", "Diego", "Ximena", "Andrés", "Valeria",
	"José Luis" };
static const char *const MX_L[] = { "Ramírez", "Hernández", "Núñez", "Castañeda",
	"Ortiz" };
static const char *const FR_F[] = { "Renée", "Théo", "Chloé", "Léa", "Hélène",
	"Mathis" };
static const char *const FR_L[] = { "Dubois", "Lambert", "Martin", "Lefèvre",
	"Girard" };
static const char *const US_F[] = { "Jordan", "Emily", "Marcus", "Aisha", "Olivia",
	"Tyler", "Brianna", "Kevin" };
static const char *const US_L[] = { "Miller", "Carter", "Brown", "Khan", "Nguyen",
	"Johnson", "Davis" };
static const char *const GB_F[] = { "Liam", "Olivia", "Callum", "Amelia", "Harvey",
	"Poppy" };
static const char *const GB_L[] = { "Walsh", "Smith", "Patel", "Hughes", "Clarke" };
static const char *const PH_F[] = { "Mark Anthony", "Kristine", "Jericho", "Angelica",
	"Paolo" };
static const char *const PH_L[] = { "Reyes", "dela Cruz", "Santos", "Bautista",
	"Villanueva" };
static const char *const BR_F[] = { "João", "Ana Beatriz", "Thiago", "Larissa",
	"Gabriel" };
static const char *const BR_L[] = { "Silva", "Souza", "Conceição", "Araújo", "Lima" };
static const char *const DE_F[] = { "Jörg", "Lena", "Jonas", "Sophie", "Lukas" };
static const char *const DE_L[] = { "Weber", "Schmidt", "Müller", "Krüger", "Becker" };

#define PEOPLE(f, l)	f, (int)NELEM(f), l, (int)NELEM(l)
static const struct country COUNTRIES[] = {
	{ "Malaysia", 22, PEOPLE(MY_F, MY_L), "ms", "example.com.my" },
	{ "Indonesia", 20, PEOPLE(ID_F, ID_L), "id", "example.co.id" },
	{ "Spain", 8, PEOPLE(ES_F, ES_L), "es", NULL },
	{ "Mexico", 7, PEOPLE(MX_F, MX_L), "es", NULL },
	{ "France", 6, PEOPLE(FR_F, FR_L), "fr", NULL },
	{ "United States", 15, PEOPLE(US_F, US_L), "en", NULL },
	{ "United Kingdom", 8, PEOPLE(GB_F, GB_L), "en", NULL },
	{ "Philippines", 10, PEOPLE(PH_F, PH_L), "en", NULL },
	{ "Brazil", 6, PEOPLE(BR_F, BR_L), "pt", NULL },
	{ "Germany", 5, PEOPLE(DE_F, DE_L), "de", NULL },
};
static int country_w[NELEM(COUNTRIES)];

enum { T_TIER1, T_SECURITY, T_PAYMENTS, T_CREATOR, T_TNS, T_IP, T_APPEALS, NTEAMS };
static const char *const TEAMS[NTEAMS] = { "Support Tier 1", "Account Security",
	"Payments", "Creator Support", "Trust & Safety", "IP & Copyright", "Appeals" };
static const char *const AGENTS[NTEAMS][6] = {
	{ "Aina Rahman", "Ben Okafor", "Grace Tan", "Hugo Martin", "Siti Rahmah",
	  "Tomás Herrera" },
	{ "Daniel Koh", "Elif Yilmaz", "Rafael Souza" },
	{ "Carla Ruiz", "Farid Hassan", "Yuki Tanaka" },
	{ "Irene Chua", "Jonas Berg", "Ana Lima" },
	{ "Kavya Menon", "Luis Ortega", "Mira Santoso", "Noah Fischer" },
	{ "Nadia Petrova" },
	{ "Omar Siddiqui", "Pia Lindqvist" },
};
static int nagents[NTEAMS];
/* Jira user names of the agents: first letter of the first name + last name */
static char agent_user[NTEAMS][6][32];

enum { CH_EMAIL, CH_WEB, CH_INAPP, CH_CHAT, CH_PHONE, CH_SOCIAL, NCH };
enum { P_LOW, P_NORMAL, P_HIGH, P_URGENT };
enum { S_NEW, S_OPEN, S_PENDING, S_HOLD, S_SOLVED, S_CLOSED };
enum { CSAT_UNOFFERED, CSAT_OFFERED, CSAT_GOOD, CSAT_BAD };

static const char *const DEVICES[] = { "Samsung Galaxy A54", "iPhone 13",
	"Redmi Note 12", "Pixel 7", "OPPO A78", "iPhone 15 Pro", "vivo Y36", "Galaxy S23",
	"iPad Air" };
static const char *const OSES[] = { "Android 14", "Android 13", "iOS 17.3",
	"iOS 17.2.1" };
static const char *const VERSIONS[] = { "32.4.1", "32.5.0", "32.6.2", "33.0.1",
	"33.1.0" };
static const char *const AMOUNTS[] = { "RM 49.90", "USD 4.99", "€9,99", "Rp 79.000",
	"£7.99", "$19.99", "RM 219.00", "USD 99.99", "Rp 1.250.000", "€24,99" };
static const char *const CODES[] = { "E-4012", "UPL_TIMEOUT", "ERR_2FA_EXPIRED",
	"0x8004", "NET-502" };
static const int PCTS[] = { 12, 37, 48, 63, 75, 87, 90, 95, 97, 99, 99, 99 };
static const int COINS[] = { 70, 350, 700, 1400, 3500 };
static const int SECS[] = { 15, 30, 45, 58, 90, 180 };
static const int MBPS[] = { 8, 12, 25, 40, 100 };
static const int VIEWERS[] = { 120, 450, 1300, 3800 };
static const int FOLLOWERS[] = { 312, 880, 950, 1450 };
static const char *const EALT[] = { "tr4de", "qz", "win" };
static const char *const MONTHS[] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };
static const char *const MON3[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	"Aug", "Sep", "Oct", "Nov", "Dec" };

struct tcase {
	const char *subj[4];		/* NULL-terminated */
	const char *body;
};

struct local {
	const char *lang, *subj, *body;
};

struct topic {
	const char *name;
	int w;
	const char *cat, *sub;
	int team;
	const char *tags[2];
	int prio[4];
	int reopen_pm;
	int ttr_h;
	int ch[NCH];
	const struct tcase *cases;
	int ncases;
	const struct local *local;
	int nlocal;
};

static const struct tcase LOGIN_C[] = {
	{ { "Can't log in, 2FA code never arrives", "Not getting the SMS verification code" },
	  "I've been trying to log in since {date} but the 6-digit code never arrives by "
	  "SMS. I tapped \"Resend code\" maybe 10 times, now it says \"Too many attempts, "
	  "try again later\".\nPhone: {device}, {os}, app {ver}." },
	{ { "Locked out after switching phones", "Lost access to my authenticator app" },
	  "I changed my phone last week and now I can't log in. The app asks for the code "
	  "from my authenticator app, which was on the old phone (it's broken).\nHow do I "
	  "get back in? My username is {handle}." },
	{ { "Login keeps looping back to the start screen" },
	  "Every time I enter my password the app goes back to the login screen, no error "
	  "message.\nReinstalled twice, cleared cache, same thing.\nDevice: {device} / {os}" },
	{ { "2FA code says \"invalid\" every time" },
	  "The 2FA code is \"invalid\" even though I type it within seconds. Time on my "
	  "phone is set to automatic." },
	{ { "Verification email never arrives" },
	  "I can't log in, the verification email never arrives (checked spam, "
	  "promotions, everything)." },
	{ { "Can't log in with Google anymore", "Error {code} when I log in" },
	  "Login with Google just spins and then says error {code}." },
	{ { "Password reset link expired", "Reset link not working" },
	  "The password reset link says it expired, I clicked it within a minute." },
	{ { "Can't log in" }, "Can't log in. Error {code}." },
	{ { "Login problem" }, "Can't log in since the update." },
};
static const struct local LOGIN_L[] = {
	{ "ms", "Tidak boleh log masuk, kod tidak sampai",
	  "Saya tidak boleh log masuk. Kod pengesahan tidak sampai ke telefon saya.\n"
	  "Tolong bantu, terima kasih." },
	{ "id", "Tidak bisa login, kode OTP tidak masuk",
	  "Saya tidak bisa login, kode OTP tidak masuk ke HP saya.\nMohon bantuannya, "
	  "terima kasih." },
	{ "es", "No puedo iniciar sesión",
	  "No puedo iniciar sesión, el código de verificación nunca llega.\nGracias." },
};

static const struct tcase HACKED_C[] = {
	{ { "Someone changed my email and password", "Hacked - posts I didn't make",
	    "Account taken over, please help urgently" },
	  "Someone logged into my account last night and changed the email to "
	  "{email_alt}. I still have the phone number linked.\nThey are posting crypto "
	  "scam videos on my profile, my followers are messaging me about it.\nPlease "
	  "lock the account!" },
	{ { "Got an email that my password was changed (not me)", "My account was hacked" },
	  "I got an email saying \"Your password was changed\" at {hhmm}, it wasn't me. "
	  "Now I can't log in at all.\nUsername: {handle}" },
	{ { "My account was hacked", "Account taken over, please help urgently" },
	  "My account {handle} was hacked. The hacker removed my phone number, turned on "
	  "2FA with their own number, and changed the bio.\nI have screenshots of the "
	  "original account, my ID, anything you need." },
	{ { "Hacked again", "My account was hacked" },
	  "Hacked again. Same as last time, they got in and changed the password, I had "
	  "2FA on this time!" },
	{ { "Account hacked", "Hacked" }, "My account {handle} got hacked, please help!" },
	{ { "Someone is using my account" },
	  "Someone is using my account, I see posts I didn't make." },
};
static const struct local HACKED_L[] = {
	{ "ms", "Akaun saya digodam",
	  "Akaun saya {handle} telah digodam. Emel dan kata laluan sudah ditukar.\n"
	  "Tolong bantu saya dapatkan semula akaun ini." },
	{ "id", "Akun saya diretas",
	  "Akun saya {handle} diretas, email dan password sudah diganti oleh orang lain.\n"
	  "Tolong bantu pulihkan akun saya." },
	{ "fr", "Mon compte a été piraté",
	  "Quelqu'un a changé mon e-mail et mon mot de passe. Mon compte : {handle}.\n"
	  "Merci de m'aider." },
};

static const struct tcase PAYMENT_C[] = {
	{ { "Charged twice for the same coin pack", "Refund for coins purchase" },
	  "I bought {coins} coins on {date} for {amount} and was charged twice, order "
	  "{order}.\nOnly one pack showed up in my balance. Please refund the second "
	  "charge." },
	{ { "Creator subscription charged after I cancelled", "Unknown charge of {amount}" },
	  "I cancelled my subscription to a creator on {date} but I was still charged "
	  "{amount} today.\nCan you refund it? Order number: {order}" },
	{ { "Refund for coins purchase", "Unauthorised purchase by my child" },
	  "My kid bought coins without asking, total {amount}. I didn't authorise this.\n"
	  "How can I get a refund, and how do I put a purchase password on the account?" },
	{ { "Coins not credited", "Gift purchase not credited" },
	  "Paid {amount} for coins, the payment went through (I have the receipt from "
	  "the bank) but the balance still shows 0." },
	{ { "Refund request - bought the wrong package" },
	  "I meant to buy {coins} coins but tapped the bigger pack, {amount}. I haven't "
	  "used any of them. Can I get a refund please?" },
	{ { "Refund not received yet" },
	  "Still waiting for my refund of {amount}, order {order}." },
	{ { "Double charge" }, "I was charged twice, {amount}." },
};
static const struct local PAYMENT_L[] = {
	{ "id", "Refund belum masuk",
	  "Saya sudah bayar {amount} untuk koin tapi saldo koin tidak bertambah.\n"
	  "Nomor pesanan: {order}" },
	{ "es", "Cobro doble de monedas",
	  "Me cobraron dos veces {amount} por el mismo paquete de monedas, pedido "
	  "{order}.\nSolicito el reembolso, gracias." },
};

static const struct tcase UPLOAD_C[] = {
	{ { "Upload stuck at {pct}%", "Video upload stuck at {pct}% for hours" },
	  "My video has been stuck at {pct}% for {hours} hours. I tried wifi and mobile "
	  "data, restarted the phone, same.\nThe video is {secs} seconds, 1080p. App "
	  "{ver} on {device}." },
	{ { "Upload fails at {pct}%, \"Network error\"", "Upload stuck at {pct}%" },
	  "Uploads always stop at {pct}% and then I get \"Upload failed. Check your "
	  "connection and try again.\"\nOther apps upload fine, my internet is fast." },
	{ { "Can't post videos, stuck processing", "Drafts won't upload" },
	  "Since the update to {ver} none of my videos upload, they stay at {pct}% "
	  "forever.\nI post every day for my shop, this is costing me sales." },
	{ { "Upload stuck at {pct}% again" },
	  "Upload stuck again at {pct}%." },
	{ { "Upload keeps failing" }, "Upload keeps failing at {pct}% on {device}." },
	{ { "Video stuck processing" }, "Video stuck processing for {hours} hours." },
};
static const struct local UPLOAD_L[] = {
	{ "ms", "Video tersekat pada {pct}%",
	  "Video saya tersekat pada {pct}% semasa muat naik. Sudah cuba wifi dan data, "
	  "masih sama." },
	{ "id", "Upload video macet di {pct}%",
	  "Video saya macet di {pct}% waktu diunggah, sudah coba wifi dan data seluler "
	  "tetap sama." },
};

static const struct tcase LIVE_C[] = {
	{ { "LIVE keeps freezing", "Live stream lags every few minutes" },
	  "When I go LIVE the stream freezes every 2-3 minutes and viewers see a black "
	  "screen. Upload speed is {mbps} Mbps.\nThis started after {ver}." },
	{ { "Viewers say my LIVE is delayed 30+ seconds", "LIVE lag, gifts not showing" },
	  "My LIVE lags badly, comments arrive a minute late and gifts don't show up.\n"
	  "I stream from {device}, wifi, 5GHz." },
	{ { "Got disconnected from LIVE three times" },
	  "I was disconnected from my LIVE 3 times tonight with \"Connection unstable\", "
	  "lost all my viewers.\nI had {viewers} people watching, can you check what "
	  "happened?" },
	{ { "LIVE audio out of sync" },
	  "On my LIVE the sound is about 2 seconds behind the picture, viewers keep "
	  "commenting about it. {device}, app {ver}." },
	{ { "LIVE ended by itself" }, "My LIVE ended by itself after 10 minutes, no warning." },
	{ { "Can't go LIVE" }, "The LIVE button is gone since {ver}." },
};

static const struct tcase HARASS_C[] = {
	{ { "Report: harassment in my comments", "Hate comments on every video" },
	  "The account {handle2} comments on every video I post calling me names, and "
	  "now his friends do too.\nI blocked him but he made a new account. Links to "
	  "the comments:\n{url}\n{url2}" },
	{ { "User keeps sending me threatening DMs" },
	  "{handle2} keeps messaging me, he said \"I know where you live\" and sent a "
	  "photo of my street.\nI am scared. Please do something." },
	{ { "Someone posted my home address" },
	  "Someone posted my home address and phone number in a comment under my video. "
	  "Please remove it ASAP.\nVideo: {url}" },
	{ { "Being bullied by a group of accounts", "Report: harassment in my LIVE" },
	  "A group of accounts ({handle2}, {handle3}) is spamming my LIVEs with insults. "
	  "I reported them in the app but nothing happened." },
	{ { "Spam account in my comments" },
	  "{handle2} spams my comments with links, please remove." },
	{ { "Bullying in comments" }, "People are bullying me in the comments of my last video." },
};

static const struct tcase IMPERS_C[] = {
	{ { "Fake account using my photos", "Impersonation: {handle2} pretends to be me" },
	  "{handle2} uses my name, my profile picture and reposts my videos. It is "
	  "asking my followers for money.\nMy real account is {handle}." },
	{ { "Fake account of our brand" },
	  "There's a fake account pretending to be our brand, selling fake products: "
	  "{handle2}.\nWe own the trademark, happy to send documents." },
	{ { "Someone is impersonating me", "Account copying my name and photos" },
	  "Someone made an account with my name and photos, they DM my friends asking "
	  "for \"help with a payment\"." },
	{ { "Fake account: {handle2}" }, "{handle2} is pretending to be me." },
};

static const struct tcase COPY_C[] = {
	{ { "Copyright claim on my video is wrong",
	    "My original song was removed for copyright" },
	  "My video was removed for copyright but the music is mine, I composed and "
	  "recorded it myself.\nVideo: {url}\nI can send the project files." },
	{ { "DMCA: my video reuploaded without permission" },
	  "{handle2} reuploaded my video without permission, it has more views than mine "
	  "now.\nOriginal: {url}\nCopy: {url2}\nI am the copyright owner and request "
	  "removal." },
	{ { "Copyright strike on my own content", "Video muted for \"copyrighted music\"" },
	  "I got a copyright strike for a video that uses a sound from your own library. "
	  "How is this possible?" },
	{ { "Wrong copyright claim" },
	  "The copyright claim on {url} is wrong, it is my own music." },
	{ { "Video removed for copyright" }, "My video {url} was removed, I own the rights." },
};

static const struct tcase APPEAL_C[] = {
	{ { "Appeal: account banned by mistake", "Appeal of ban on {handle}",
	    "Permanently banned, I didn't break any rules" },
	  "My account {handle} was banned on {date} for \"violating community "
	  "guidelines\", but I only post dance videos.\nPlease review it again, I've had "
	  "this account for 4 years." },
	{ { "Account restricted for \"spam\"", "Why was my account suspended?" },
	  "I was suspended for spam but I only replied to comments on my own videos. I "
	  "think it's a mistake.\nI already submitted an appeal in the app 5 days ago "
	  "and heard nothing." },
	{ { "Why was my account suspended?", "Can't post or go LIVE, account restricted" },
	  "I can't go LIVE or post anymore, it says my account is restricted until "
	  "{date2}. What did I do wrong?" },
	{ { "Please restore my account" },
	  "Please restore my account {handle}, it was banned by mistake." },
	{ { "Account banned" }, "Why was my account banned? I did nothing wrong." },
};
static const struct local APPEAL_L[] = {
	{ "es", "Apelación: cuenta suspendida",
	  "Mi cuenta {handle} fue suspendida sin motivo.\nPor favor, revisen mi caso." },
	{ "ms", "Rayuan: akaun digantung",
	  "Akaun saya {handle} digantung tanpa sebab. Saya tidak melanggar mana-mana "
	  "peraturan.\nSila semak semula, terima kasih." },
};

static const struct tcase HOWTO_C[] = {
	{ { "How do I change my username?" },
	  "How do I change my username? The option is greyed out." },
	{ { "How to turn off comments on one video" },
	  "Hi, is there a way to turn off comments only on one video and not all of "
	  "them?" },
	{ { "How can I download my data?", "How to delete my account" },
	  "I want to download all my videos and messages before I delete my account. "
	  "How do I do that?" },
	{ { "How do I go LIVE?" },
	  "How many followers do I need to go LIVE? I have {followers}." },
	{ { "How do I make my account private?" },
	  "How do I make my account private so only friends see my videos?" },
	{ { "How do I turn on 2FA?" },
	  "Where do I turn on two-factor authentication?" },
	{ { "How to add a link in bio?" },
	  "How do I add a link to my bio? I have {followers} followers." },
	{ { "How do I change my email?" }, "How do I change the email on my account?" },
};

#define CASES(c)	c, (int)NELEM(c)
#define NOLOCAL		NULL, 0
enum { TP_LOGIN, TP_HACKED, TP_PAYMENT, TP_UPLOAD, TP_LIVE, TP_HARASS, TP_IMPERS,
	TP_COPY, TP_APPEAL, TP_HOWTO, NTOPICS };
static const struct topic TOPICS[NTOPICS] = {
	{ "login", 18, "Account access", "Login / 2FA", T_TIER1, { "login", "2fa" },
	  { 20, 55, 20, 5 }, 80, 8, { 25, 25, 35, 10, 3, 2 }, CASES(LOGIN_C), CASES(LOGIN_L) },
	{ "hacked", 10, "Hacked account", "Account takeover", T_SECURITY,
	  { "account_takeover", "hacked" }, { 0, 20, 50, 30 }, 180, 30,
	  { 40, 30, 20, 5, 3, 2 }, CASES(HACKED_C), CASES(HACKED_L) },
	{ "payment", 14, "Payments & refunds", "Coins / subscriptions", T_PAYMENTS,
	  { "billing", "refund" }, { 10, 60, 25, 5 }, 120, 36, { 45, 30, 15, 8, 2, 0 },
	  CASES(PAYMENT_C), CASES(PAYMENT_L) },
	{ "upload", 12, "Upload", "Upload stuck", T_CREATOR, { "upload", "bug" },
	  { 15, 55, 25, 5 }, 100, 20, { 15, 15, 55, 10, 0, 5 }, CASES(UPLOAD_C),
	  CASES(UPLOAD_L) },
	{ "live", 8, "LIVE", "Stream quality", T_CREATOR, { "live", "lag" },
	  { 20, 55, 20, 5 }, 100, 24, { 20, 15, 50, 10, 0, 5 }, CASES(LIVE_C), NOLOCAL },
	{ "harassment", 9, "Harassment", "Bullying / threats", T_TNS,
	  { "harassment", "abuse_report" }, { 0, 30, 45, 25 }, 120, 18,
	  { 20, 35, 40, 0, 0, 5 }, CASES(HARASS_C), NOLOCAL },
	{ "impersonation", 6, "Impersonation", "Fake account", T_TNS,
	  { "impersonation", NULL }, { 5, 50, 40, 5 }, 100, 40, { 40, 40, 15, 0, 0, 5 },
	  CASES(IMPERS_C), NOLOCAL },
	{ "copyright", 6, "Copyright", "Claim / takedown", T_IP, { "copyright", "dmca" },
	  { 20, 60, 18, 2 }, 80, 60, { 60, 35, 5, 0, 0, 0 }, CASES(COPY_C), NOLOCAL },
	{ "appeal", 8, "Ban appeal", "Suspension", T_APPEALS, { "appeal", "ban" },
	  { 15, 60, 22, 3 }, 150, 50, { 35, 45, 15, 0, 0, 5 }, CASES(APPEAL_C),
	  CASES(APPEAL_L) },
	{ "howto", 9, "How-to", "Using the app", T_TIER1, { "how_to", NULL },
	  { 55, 42, 3, 0 }, 30, 6, { 20, 25, 30, 20, 2, 3 }, CASES(HOWTO_C), NOLOCAL },
};
static int topic_w[NTOPICS];

static const char *const GREETINGS[] = { "Hi,\n", "Hello team,\n", "Hi there,\n",
	"Dear Support,\n" };
/* {first}/{name} are filled in; the last one only for e-mail */
static const char *const SIGNOFFS[] = { "\nThanks,\n{first}", "\nRegards,\n{name}",
	"\nThank you!", "\n\nSent from my iPhone" };
/* what people write when they come back about the same thing */
static const char *const FOLLOWUPS[] = {
	"Any update on this? It's been days.",
	"Still not fixed. This is the third time I'm writing about this.",
	"Same problem again, see my previous ticket.",
	"Nobody answered my last ticket. Please help!",
	"It happened again today.",
	"Still waiting for a reply.\nYou closed my ticket but nothing changed.",
};
static const char *const EMOJI[] = { " \xf0\x9f\x99\x8f", " \xf0\x9f\x98\xad",
	" \xf0\x9f\x98\xa1" };		/* folded hands, crying, angry */

/* ------------------------------------------------------------------------ */
/* dates */

struct civil {
	int y, m, d, hh, mm, ss, wday;		/* wday: 0 = Monday */
};

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
to_civil(int64_t t, struct civil *c)
{
	int64_t days = t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
	int64_t secs = t - days * DAY;
	int64_t z = days + 719468, era, y;
	unsigned doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	c->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->y = (int)(y + (c->m <= 2));
	c->hh = (int)(secs / HOUR);
	c->mm = (int)(secs / 60 % 60);
	c->ss = (int)(secs % 60);
	c->wday = (int)(((days % 7) + 10) % 7);		/* 1970-01-01 was a Thursday */
}

static char *
fmt_u(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *
fmt_2(char *p, int v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static char *
fmt_s(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static int
h12(int h)
{
	return h % 12 ? h % 12 : 12;
}

/* The layouts' date formats; each returns the length written to buf. */
enum { D_ZENDESK, D_SF, D_FD, D_JIRA, D_SNOW };

static size_t
fmt_time(char *buf, int style, int64_t t)
{
	struct civil c;
	char *p = buf;

	if (t == NONE) {
		if (style == D_SNOW)
			*p++ = '?';
		return (size_t)(p - buf);
	}
	to_civil(t, &c);
	switch (style) {
	case D_ZENDESK:		/* 2024-03-05 14:22:10 +0000 */
		p = fmt_u(p, c.y);
		*p++ = '-';
		p = fmt_2(p, c.m);
		*p++ = '-';
		p = fmt_2(p, c.d);
		*p++ = ' ';
		p = fmt_2(p, c.hh);
		*p++ = ':';
		p = fmt_2(p, c.mm);
		*p++ = ':';
		p = fmt_2(p, c.ss);
		p = fmt_s(p, " +0000");
		break;
	case D_SF:		/* 3/5/2024 2:22 PM */
		p = fmt_u(p, c.m);
		*p++ = '/';
		p = fmt_u(p, c.d);
		*p++ = '/';
		p = fmt_u(p, c.y);
		*p++ = ' ';
		p = fmt_u(p, h12(c.hh));
		*p++ = ':';
		p = fmt_2(p, c.mm);
		p = fmt_s(p, c.hh < 12 ? " AM" : " PM");
		break;
	case D_FD:		/* 05-03-2024 14:22 */
		p = fmt_2(p, c.d);
		*p++ = '-';
		p = fmt_2(p, c.m);
		*p++ = '-';
		p = fmt_u(p, c.y);
		*p++ = ' ';
		p = fmt_2(p, c.hh);
		*p++ = ':';
		p = fmt_2(p, c.mm);
		break;
	case D_JIRA:		/* 05/Mar/24 2:22 PM */
		p = fmt_2(p, c.d);
		*p++ = '/';
		p = fmt_s(p, MON3[c.m - 1]);
		*p++ = '/';
		p = fmt_2(p, c.y % 100);
		*p++ = ' ';
		p = fmt_u(p, h12(c.hh));
		*p++ = ':';
		p = fmt_2(p, c.mm);
		p = fmt_s(p, c.hh < 12 ? " AM" : " PM");
		break;
	case D_SNOW:		/* 5/3/2024 14:22 */
		p = fmt_u(p, c.d);
		*p++ = '/';
		p = fmt_u(p, c.m);
		*p++ = '/';
		p = fmt_u(p, c.y);
		*p++ = ' ';
		p = fmt_2(p, c.hh);
		*p++ = ':';
		p = fmt_2(p, c.mm);
		break;
	}
	return (size_t)(p - buf);
}

static int64_t
floor_min(int64_t t)
{
	return t == NONE ? NONE : t - t % 60;
}

/* ------------------------------------------------------------------------ */
/* output */

static char obuf[1 << 20];
static size_t olen;
static char delim = ',';
static const char *eol = "\r\n";
static int quote_all;
static int ncol;

static void
oflush(void)
{
	size_t off = 0;

	while (off < olen) {
		ssize_t w = write(STDOUT_FILENO, obuf + off, olen - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "genexport: write: %s\n", strerror(errno));
			exit(1);
		}
		off += (size_t)w;
	}
	olen = 0;
}

static void
oput(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf))
		oflush();
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void
oputs(const char *s)
{
	oput(s, strlen(s));
}

static void
row_begin(void)
{
	ncol = 0;
}

static void
row_end(void)
{
	oputs(eol);
}

/* bytes that make a field quoted: the delimiter, '"', CR and LF */
static unsigned char special[256];

static void
set_dialect(char d, const char *e, int qall)
{
	delim = d;
	eol = e;
	quote_all = qall;
	special[(unsigned char)d] = special['"'] = special['\r'] = special['\n'] = 1;
}

/* One field: quoted when it must be (or always, or when it holds extra). */
static void
fld_q(const char *s, size_t n, const char *extra)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *dq;
	size_t i;
	char *p;

	if (olen + 2 * n + 3 > sizeof(obuf))
		oflush();
	if (ncol++)
		obuf[olen++] = delim;
	for (i = 0; i < n && !special[u[i]]; i++)
		;
	for (; i == n && extra && *extra; extra++)
		if (memchr(s, *extra, n))
			i = 0;
	if (i == n && !quote_all) {
		memcpy(obuf + olen, s, n);
		olen += n;
		return;
	}
	p = obuf + olen;
	*p++ = '"';
	while (n) {
		dq = memchr(s, '"', n);
		i = dq ? (size_t)(dq - s) + 1 : n;
		memcpy(p, s, i);
		p += i;
		if (dq)
			*p++ = '"';
		s += i;
		n -= i;
	}
	*p++ = '"';
	olen = (size_t)(p - obuf);
}

static void
fld(const char *s, size_t n)
{
	fld_q(s, n, NULL);
}

static void
fld_s(const char *s)
{
	fld(s, s ? strlen(s) : 0);
}

static void
fld_u(uint64_t v)
{
	char b[24];

	fld(b, (size_t)(fmt_u(b, v) - b));
}

static void
fld_t(int style, int64_t t)
{
	char b[40];

	fld(b, fmt_time(b, style, t));
}

/* ------------------------------------------------------------------------ */
/* the time model: when tickets are created */

/*
 * The base export covers the 52 weeks from Monday 13 March 2023 to Sunday
 * 10 March 2024 and is taken on Monday 11 March 2024, 08:00 UTC (the samples'
 * snapshot).  Intensity per hour = weekday weight (busy Mondays, quiet
 * weekends) x hour-of-day weight x a slow upward trend (+0.1% a day) x a
 * day-to-day wobble (0.85-1.15); on about one weekday in 90 an upload
 * outage (four times the usual volume from 09:00 to 15:00, mostly upload
 * tickets).  Row g of an n-row export is
 * created at the (g + u)/n quantile of the cumulative intensity (u uniform in
 * [0, 1)), so ids grow with creation time and the year is filled exactly;
 * rows past n (the new tickets of --overlap) go on at the same rate.
 */
static const int WEEKDAY_W[7] = { 140, 125, 115, 110, 95, 55, 50 };
static const int HOUR_W[24] = { 3, 4, 6, 7, 8, 8, 7, 6, 6, 7, 8, 9,
	9, 9, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2 };
#define BASE_DAYS	364

static int64_t start_t;		/* Monday 13 March 2023 00:00 UTC */
static int64_t snap_base;	/* Monday 11 March 2024 08:00 UTC */
static uint64_t *cum;		/* cum[h]: intensity before hour h (exact integers) */
static size_t nhours;
static unsigned char *burst;	/* per day: an outage day */
static double per_row;

static void
time_model(uint64_t world, uint64_t nbase, uint64_t rows_needed)
{
	size_t days = BASE_DAYS, d, h;

	start_t = days_from_civil(2023, 3, 13) * DAY;
	snap_base = start_t + (int64_t)BASE_DAYS * DAY + 8 * HOUR;
	/* the trend makes later days busier, so this many days is enough */
	while ((uint64_t)(days / BASE_DAYS) * nbase < rows_needed)
		days += BASE_DAYS;
	days += 14;
	nhours = days * 24;
	cum = malloc((nhours + 1) * sizeof(*cum));
	burst = calloc(days, 1);
	if (!cum || !burst) {
		fprintf(stderr, "genexport: out of memory\n");
		exit(1);
	}
	cum[0] = 0;
	for (d = 0; d < days; d++) {
		uint64_t s = stream(world, 1, d);
		/* weekday x (1 + d/1000) x (0.85 .. 1.15), in integers */
		uint64_t dw = WEEKDAY_W[d % 7] * (1000 + (uint64_t)d) * (850 + rnd(&s, 301));

		burst[d] = d > 20 && rnd(&s, 90) == 0 && d % 7 < 5;
		for (h = 0; h < 24; h++) {
			uint64_t w = dw * HOUR_W[h];

			if (burst[d] && h >= 9 && h < 15)
				w *= 4;
			cum[d * 24 + h + 1] = cum[d * 24 + h] + w;
		}
	}
	/* all below 2^53, so exact as doubles */
	per_row = (double)cum[BASE_DAYS * 24] / (double)nbase;
}

static int64_t
created_at(uint64_t g, double u)
{
	double p = ((double)g + u) * per_row;
	size_t lo = 0, hi = nhours;		/* cum[lo] <= p < cum[hi] */
	int64_t sec;

	if (p >= (double)cum[nhours])
		p = (double)cum[nhours - 1];
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if ((double)cum[mid] <= p)
			lo = mid;
		else
			hi = mid;
	}
	sec = (int64_t)((p - (double)cum[lo]) / (double)(cum[lo + 1] - cum[lo]) * HOUR);
	if (sec > HOUR - 1)
		sec = HOUR - 1;
	if (sec < 0)
		sec = 0;
	return start_t + (int64_t)lo * HOUR + sec;
}

static int
in_burst(int64_t t)
{
	int64_t d = (t - start_t) / DAY, h = (t - start_t) / HOUR % 24;

	return d >= 0 && (size_t)d < nhours / 24 && burst[d] && h >= 9 && h < 15;
}

/* ------------------------------------------------------------------------ */
/* people */

/*
 * Requesters: with probability 40% a ticket comes from a pool of frequent
 * contacters (pool size n/20), chosen with Zipf-like weights 1/(k + shift)
 * (inverse CDF over integer weights, binary search); otherwise from a person
 * of its own, who writes only this once.  Pool people have a favourite topic
 * they come back about.
 */
static uint64_t world_seed;
static uint64_t pool_n;
static uint64_t *pool_cum;

static void
people_model(uint64_t nbase)
{
	uint64_t k, shift, acc = 0;

	pool_n = nbase / 20 > 16 ? nbase / 20 : 16;
	shift = 8 + pool_n / 500;
	pool_cum = malloc(pool_n * sizeof(*pool_cum));
	if (!pool_cum) {
		fprintf(stderr, "genexport: out of memory\n");
		exit(1);
	}
	for (k = 0; k < pool_n; k++) {
		acc += (UINT64_C(1) << 32) / (k + 1 + shift);
		pool_cum[k] = acc;
	}
}

static uint64_t
pool_pick(uint64_t *s)
{
	uint64_t r = rnd(s, pool_cum[pool_n - 1]);
	size_t lo = 0, hi = pool_n - 1;		/* first k with r < pool_cum[k] */

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r < pool_cum[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct person {
	uint64_t k;
	const struct country *c;
	const char *firstname;
	char name[64];
	char email[128];
	char handle[128];
	uint64_t zid;
	int favourite;			/* topic */
};

/* Latin-1 supplement letters (U+00C0..U+00FF) folded to ASCII */
static const char FOLD[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";

/* e-mail style: ASCII-folded, lower case, runs of other characters -> '.' */
static size_t
mail_local(char *dst, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	int dot = 0;

	for (; *p; p++) {
		int c = *p;

		if (c == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
			c = FOLD[*++p - 0x80];
		} else if (c >= 0x80) {
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c >= 'a' && c <= 'z') {
			if (dot && n)
				dst[n++] = '.';
			dot = 0;
			dst[n++] = (char)c;
		} else {
			dot = 1;
		}
	}
	dst[n] = '\0';
	return n;
}

static void
make_person(uint64_t k, struct person *p)
{
	uint64_t s = stream(world_seed, 2, k);
	const struct country *c = &COUNTRIES[pick(&s, country_w, NELEM(COUNTRIES))];
	const char *last;
	char local[80], *q, *dot;

	p->k = k;
	p->c = c;
	p->firstname = c->first[rnd(&s, c->nfirst)];
	last = c->last[rnd(&s, c->nlast)];
	/* every name, address and handle here is far shorter than its buffer */
	q = fmt_s(p->name, p->firstname);
	*q++ = ' ';
	*fmt_s(q, last) = '\0';
	mail_local(local, p->name);
	/* the number makes the address unique: names never end in a digit */
	q = fmt_u(fmt_s(p->email, local), k + 1);
	*q++ = '@';
	if (c->localdom && rnd(&s, 2))
		q = fmt_s(q, c->localdom);
	else
		q = fmt_s(q, DOMAINS[rnd(&s, NELEM(DOMAINS))]);
	*q = '\0';
	dot = strchr(local, '.');
	if (dot)
		*dot++ = '\0';
	q = p->handle;
	*q++ = '@';
	switch (rnd(&s, 4)) {
	case 0:
		q = fmt_s(q, local);
		break;
	case 1:
		q = fmt_s(q, local);
		*q++ = '_';
		for (; dot && *dot; dot++)
			*q++ = *dot == '.' ? '_' : *dot;
		break;
	case 2:
		q = fmt_s(fmt_s(q, local), ".official");
		break;
	default:
		q = fmt_s(fmt_s(q, "its"), local);
		break;
	}
	*q = '\0';
	p->zid = UINT64_C(360000000000) + k * 15013 + rnd(&s, 15013);
	p->favourite = pick(&s, topic_w, NTOPICS);
}

/* ------------------------------------------------------------------------ */
/* tickets */

enum { L_ZENDESK, L_SALESFORCE, L_FRESHDESK, L_JSM, L_SERVICENOW, NLAYOUTS };
static const char *const LAYOUTS[NLAYOUTS] = { "zendesk", "salesforce", "freshdesk",
	"jsm", "servicenow" };
/* hours from solved to closed, per layout (ServiceNow: auto-close after 5 days) */
static const int CLOSE_AFTER_H[NLAYOUTS] = { 96, 0, 48, 72, 120 };

/* ServiceNow event-log states */
enum { E_NEW, E_ACTIVE, E_AWAITING, E_RESOLVED, E_CLOSED };
static const char *const SNOW_STATE[] = { "New", "Active", "Awaiting User Info",
	"Resolved", "Closed" };

struct event {
	int64_t when;
	int state, active, reassign, reopen, mod, group, resolver, code;
	int64_t resolved, closed;
};

struct ticket {
	uint64_t g;
	uint64_t s;			/* the ticket's random stream */
	struct person p;
	int topic, local, prio, ch, state, reopens, replies, csat, escalated, repeat;
	int frt_min, agent, burst;
	int64_t created, fr, solved, closed, updated;
	const char *tags[8];
	int ntags;
	char subj[512];
	size_t subjlen;
	char body[4096];
	size_t bodylen;
	int changed;			/* --overlap: moved on since the base export */
	struct event ev[16];
	int nev;
};

struct vals {
	int pct, device, os, ver, amount, coins, hours, secs, mbps, viewers, followers;
	int code, hh, mm, ealt, ealtn;
	uint32_t order[4];
	int64_t date, date2;
	uint64_t url, url2, other2, other3;
};

static size_t
put_month_day(char *p, int64_t t)
{
	struct civil c;
	char *q = p;

	to_civil(t, &c);
	q = fmt_s(q, MONTHS[c.m - 1]);
	*q++ = ' ';
	q = fmt_u(q, c.d);
	return (size_t)(q - p);
}

static size_t
put_handle(char *p, uint64_t k)
{
	struct person o;

	make_person(k, &o);
	return (size_t)(fmt_s(p, o.handle) - p);
}

/* Expand {placeholders} of tpl onto dst[*n..]; dst has room for cap bytes. */
static void
expand(char *dst, size_t *n, size_t cap, const char *tpl, const struct ticket *t,
       const struct vals *v)
{
	char tmp[128], *q;
	const char *e;
	size_t len;

	while (*tpl) {
		if (*tpl != '{' || !(e = strchr(tpl, '}'))) {
			if (*n + 1 < cap)
				dst[(*n)++] = *tpl;
			tpl++;
			continue;
		}
		len = (size_t)(e - tpl - 1);
		q = tmp;
#define IS(name)	(len == sizeof(name) - 1 && !memcmp(tpl + 1, name, len))
		if (IS("pct"))
			q = fmt_u(q, PCTS[v->pct]);
		else if (IS("device"))
			q = fmt_s(q, DEVICES[v->device]);
		else if (IS("os"))
			q = fmt_s(q, OSES[v->os]);
		else if (IS("ver"))
			q = fmt_s(q, VERSIONS[v->ver]);
		else if (IS("amount"))
			q = fmt_s(q, AMOUNTS[v->amount]);
		else if (IS("coins"))
			q = fmt_u(q, COINS[v->coins]);
		else if (IS("order")) {
			q = fmt_s(q, "GPA.33");
			q = fmt_2(q, v->order[0] % 100);
			*q++ = '-';
			q = fmt_2(q, v->order[1] / 100 % 100);
			q = fmt_2(q, v->order[1] % 100);
			*q++ = '-';
			q = fmt_2(q, v->order[2] / 100 % 100);
			q = fmt_2(q, v->order[2] % 100);
			*q++ = '-';
			*q++ = (char)('0' + v->order[3] / 10000 % 10);
			q = fmt_2(q, v->order[3] / 100 % 100);
			q = fmt_2(q, v->order[3] % 100);
		} else if (IS("date"))
			q += put_month_day(q, v->date);
		else if (IS("date2"))
			q += put_month_day(q, v->date2);
		else if (IS("hhmm")) {
			q = fmt_u(q, v->hh);
			*q++ = ':';
			q = fmt_2(q, v->mm);
		} else if (IS("handle"))
			q = fmt_s(q, t->p.handle);
		else if (IS("handle2"))
			q += put_handle(q, v->other2);
		else if (IS("handle3"))
			q += put_handle(q, v->other3);
		else if (IS("email_alt")) {
			*q++ = 'x';
			q = fmt_s(q, EALT[v->ealt]);
			q = fmt_u(q, v->ealtn);
			q = fmt_s(q, "@example.net");
		} else if (IS("hours"))
			q = fmt_u(q, v->hours);
		else if (IS("secs"))
			q = fmt_u(q, SECS[v->secs]);
		else if (IS("mbps"))
			q = fmt_u(q, MBPS[v->mbps]);
		else if (IS("viewers"))
			q = fmt_u(q, VIEWERS[v->viewers]);
		else if (IS("followers"))
			q = fmt_u(q, FOLLOWERS[v->followers]);
		else if (IS("code"))
			q = fmt_s(q, CODES[v->code]);
		else if (IS("url")) {
			q = fmt_s(q, "https://vid.example/v/");
			q = fmt_u(q, v->url);
		} else if (IS("url2")) {
			q = fmt_s(q, "https://vid.example/v/");
			q = fmt_u(q, v->url2);
		} else if (IS("first"))
			q = fmt_s(q, t->p.firstname);
		else if (IS("name"))
			q = fmt_s(q, t->p.name);
		else if (IS("team"))
			q = fmt_s(q, TEAMS[TOPICS[t->topic].team]);
		else {
			*q++ = '{';
			e = tpl;
		}
#undef IS
		len = (size_t)(q - tmp);
		if (*n + len < cap) {
			memcpy(dst + *n, tmp, len);
			*n += len;
		}
		tpl = e + 1;
	}
	dst[*n] = '\0';
}

static void
fill_vals(uint64_t *s, const struct ticket *t, struct vals *v)
{
	v->pct = (int)rnd(s, NELEM(PCTS));
	v->device = (int)rnd(s, NELEM(DEVICES));
	v->os = (int)rnd(s, NELEM(OSES));
	v->ver = (int)rnd(s, NELEM(VERSIONS));
	v->amount = (int)rnd(s, NELEM(AMOUNTS));
	v->coins = (int)rnd(s, NELEM(COINS));
	v->order[0] = (uint32_t)rnd(s, 100);
	v->order[1] = (uint32_t)rnd(s, 10000);
	v->order[2] = (uint32_t)rnd(s, 10000);
	v->order[3] = (uint32_t)rnd(s, 100000);
	v->date = t->created - (int64_t)(1 + rnd(s, 8)) * DAY;
	v->date2 = t->created + (int64_t)(7 + rnd(s, 24)) * DAY;
	v->hh = 1 + (int)rnd(s, 11);
	v->mm = (int)rnd(s, 60);
	v->ealt = (int)rnd(s, NELEM(EALT));
	v->ealtn = 100 + (int)rnd(s, 899);
	v->hours = 2 + (int)rnd(s, 28);
	v->secs = (int)rnd(s, NELEM(SECS));
	v->mbps = (int)rnd(s, NELEM(MBPS));
	v->viewers = (int)rnd(s, NELEM(VIEWERS));
	v->followers = (int)rnd(s, NELEM(FOLLOWERS));
	v->code = (int)rnd(s, NELEM(CODES));
	v->url = UINT64_C(100000000000000000) + rnd(s, UINT64_C(900000000000000000));
	v->url2 = UINT64_C(100000000000000000) + rnd(s, UINT64_C(900000000000000000));
	v->other2 = rnd(s, pool_n);
	v->other3 = rnd(s, pool_n);
}

/*
 * Ticket g of the export made with seed cseed in the world of seed world_seed,
 * its life as seen at time snap.  Port of make_tickets() in mksamples.py.
 */
static void
make_ticket(struct ticket *t, uint64_t cseed, uint64_t g, int64_t snap, int layout)
{
	const struct topic *T;
	struct vals v;
	uint64_t *s = &t->s, k;
	int64_t fr, sv, cl, ttr;
	unsigned backlog;
	double frt;
	int pool, i;

	t->g = g;
	t->s = stream(cseed, 3, g);
	t->changed = 0;
	t->nev = 0;
	t->created = created_at(g, rnd01(s));
	t->burst = in_burst(t->created);
	pool = chance(s, 400);
	k = pool ? pool_pick(s) : pool_n + g;
	make_person(k, &t->p);
	t->repeat = pool && chance(s, 500);
	if (t->burst && chance(s, 700))
		t->topic = TP_UPLOAD;
	else if (pool && chance(s, 550))
		t->topic = t->p.favourite;
	else
		t->topic = pick(s, topic_w, NTOPICS);
	T = &TOPICS[t->topic];
	t->prio = pick(s, T->prio, 4);
	t->ch = pick(s, T->ch, NCH);

	/* subject and body */
	fill_vals(s, t, &v);
	t->local = 0;
	t->subjlen = t->bodylen = 0;
	for (i = 0; i < T->nlocal; i++)
		if (!strcmp(T->local[i].lang, t->p.c->lang))
			break;
	if (i < T->nlocal && chance(s, 350)) {
		t->local = 1;
		expand(t->subj, &t->subjlen, sizeof(t->subj), T->local[i].subj, t, &v);
		expand(t->body, &t->bodylen, sizeof(t->body), T->local[i].body, t, &v);
	} else {
		const struct tcase *c = &T->cases[rnd(s, T->ncases)];
		int nsubj = 0;
		const char *body = c->body;

		while (nsubj < 4 && c->subj[nsubj])
			nsubj++;
		if (t->repeat && chance(s, 300)) {
			/* a follow-up: "Re:" and a line or two */
			expand(t->subj, &t->subjlen, sizeof(t->subj), "Re: ", t, &v);
			body = FOLLOWUPS[rnd(s, NELEM(FOLLOWUPS))];
		}
		expand(t->subj, &t->subjlen, sizeof(t->subj), c->subj[rnd(s, nsubj)], t, &v);
		if (chance(s, t->ch == CH_EMAIL ? 300 : t->ch == CH_WEB ? 150 : 50))
			expand(t->body, &t->bodylen, sizeof(t->body),
			       GREETINGS[rnd(s, NELEM(GREETINGS))], t, &v);
		expand(t->body, &t->bodylen, sizeof(t->body), body, t, &v);
		if ((t->ch == CH_INAPP || t->ch == CH_CHAT || t->ch == CH_SOCIAL) &&
		    chance(s, 500)) {
			/* typed on a phone: the first line only */
			char *nl = memchr(t->body, '\n', t->bodylen);

			if (nl && nl > t->body && nl[-1] != ',') {
				t->bodylen = (size_t)(nl - t->body);
				t->body[t->bodylen] = '\0';
			}
		}
		if (chance(s, 150)) {
			/* a sign-off, if the body stays within six lines */
			const char *so = SIGNOFFS[rnd(s, t->ch == CH_EMAIL ? 4 : 3)];
			size_t j, lines = 1;

			for (j = 0; j < t->bodylen; j++)
				lines += t->body[j] == '\n';
			for (j = 0; so[j]; j++)
				lines += so[j] == '\n';
			if (lines <= 6)
				expand(t->body, &t->bodylen, sizeof(t->body), so, t, &v);
		}
		if ((t->topic == TP_HOWTO || t->topic == TP_APPEAL) && chance(s, 20))
			expand(t->body, &t->bodylen, sizeof(t->body),
			       EMOJI[rnd(s, NELEM(EMOJI))], t, &v);
	}
	t->agent = (int)rnd(s, nagents[T->team]);

	/* tags */
	t->ntags = 0;
	t->tags[t->ntags++] = T->tags[0];
	if (T->tags[1])
		t->tags[t->ntags++] = T->tags[1];
	if (t->topic == TP_LOGIN || t->topic == TP_UPLOAD || t->topic == TP_LIVE) {
		static const char *const plat[] = { "android", "android", "ios", "web" };

		t->tags[t->ntags++] = plat[rnd(s, 4)];
	}
	if (t->repeat)
		t->tags[t->ntags++] = "repeat_contact";
	if (chance(s, 60))
		t->tags[t->ntags++] = "vip";
	if (t->local) {
		static const char *const lt[] = { "lang_ms", "lang_id", "lang_es", "lang_fr" };

		for (i = 0; i < 4; i++)
			if (!strcmp(lt[i] + 5, t->p.c->lang))
				t->tags[t->ntags++] = lt[i];
	}
	if (chance(s, 80))
		t->ntags = 0;

	/* lifecycle */
	frt = LN09[rnd(s, 64)] * (t->prio >= P_HIGH ? 66.686 : 134.29);
	t->frt_min = frt < 1 ? 1 : (int)frt;
	fr = t->created + (int64_t)t->frt_min * 60 + (int64_t)rnd(s, 60);
	t->fr = fr <= snap ? fr : NONE;
	backlog = (unsigned)rnd(s, 1000);
	if (backlog < 20)
		t->fr = NONE;
	ttr = (int64_t)(LN12[rnd(s, 64)] * T->ttr_h * HOUR);
	t->reopens = 0;
	if (chance(s, T->reopen_pm * (t->repeat ? 2 : 1))) {
		t->reopens = chance(s, 850) ? 1 : 2;
		ttr += (int64_t)(24 + rnd(s, 96)) * HOUR * t->reopens;
	}
	sv = fr + 300 > t->created + ttr ? fr + 300 : t->created + ttr;
	t->solved = sv <= snap && backlog >= 90 ? sv : NONE;
	cl = sv + (int64_t)CLOSE_AFTER_H[layout] * HOUR;
	t->closed = t->solved != NONE && cl <= snap ? cl : NONE;
	if (t->closed != NONE)
		t->state = S_CLOSED;
	else if (t->solved != NONE)
		t->state = S_SOLVED;
	else if (t->fr == NONE)
		t->state = S_NEW;
	else {
		static const int w[] = { 50, 38, 12 };

		t->state = S_OPEN + pick(s, w, 3);
	}
	if (t->state == S_CLOSED) {
		t->updated = t->closed;
	} else if (t->state == S_SOLVED) {
		t->updated = t->solved + (int64_t)rnd(s, 600) * 60;
		if (t->updated > snap)
			t->updated = snap;
	} else if (t->state == S_NEW) {
		t->updated = t->created;
	} else {
		t->updated = t->fr + (int64_t)((double)(snap - t->fr) * rnd01(s) * 0.6);
	}
	if (t->fr == NONE) {
		t->replies = 0;
	} else {
		static const int rep[] = { 1, 1, 2, 2, 3, 4, 6 };

		t->replies = rep[rnd(s, 7)] + t->reopens;
	}
	if (t->state == S_SOLVED || t->state == S_CLOSED) {
		static const int w[] = { 10, 45, 35, 10 };	/* unoffered offered good bad */

		t->csat = pick(s, w, 4);
	} else {
		t->csat = CSAT_UNOFFERED;
	}
	t->escalated = t->prio == P_URGENT || (t->prio == P_HIGH && chance(s, 300));
}

/* ------------------------------------------------------------------------ */
/* ServiceNow: the incident event log */

enum { G_DESK, G_SECURITY, G_PAYOPS, G_CREATOR, G_TNS, G_LEGAL, NGROUPS };
static const char *const SNOW_GROUP[NGROUPS] = { "Service Desk", "Account Security",
	"Payments Ops", "Creator Support", "Trust & Safety", "Legal Ops" };
static const int TEAM_GROUP[NTEAMS] = { G_DESK, G_SECURITY, G_PAYOPS, G_CREATOR, G_TNS,
	G_LEGAL, G_TNS };
static const char *const SNOW_PRIO[4] = { "4 - Low", "3 - Moderate", "2 - High",
	"1 - Critical" };
static const int SNOW_SLA_H[4] = { 120, 48, 12, 4 };
static const char *const SNOW_CODES[] = { "Solved (Permanently)", "Solved (Permanently)",
	"Solved (Work Around)", "Not Solved (Not Reproducible)", "Closed/Resolved by Caller" };
static const char *const SNOW_CAT[NTOPICS][2] = {
	{ "Account", "Login / 2FA" }, { "Account", "Compromised account" },
	{ "Payments", "Refund" }, { "Technical", "Upload" },
	{ "Technical", "LIVE streaming" }, { "Safety", "Harassment" },
	{ "Safety", "Impersonation" }, { "Legal", "Copyright" },
	{ "Enforcement", "Appeal" }, { "Inquiry / Help", "How-to" },
};

static struct event cur;		/* the incident's state while planning */

static void
emit(struct ticket *t, int64_t when, int state)
{
	if (t->nev == (int)NELEM(t->ev))
		return;
	if (t->nev)
		cur.mod += 1 + (int)rnd(&t->s, 3);
	cur.when = when;
	cur.state = state;
	t->ev[t->nev++] = cur;
}

/* The event rows of t as seen at snap (all events at or before it). */
static void
snow_plan(struct ticket *t, int64_t snap)
{
	uint64_t *s = &t->s;
	int64_t opened = floor_min(t->created), tt;
	int quick;

	memset(&cur, 0, sizeof(cur));
	cur.active = 1;
	cur.group = TEAM_GROUP[TOPICS[t->topic].team];
	cur.resolver = -1;
	cur.code = -1;
	cur.resolved = cur.closed = NONE;
	tt = opened + (int64_t)(1 + rnd(s, 24)) * 60;
	if (tt > snap)
		tt = snap;
	if (t->fr == NONE && t->solved == NONE) {
		emit(t, tt, E_NEW);
		return;
	}
	quick = t->solved != NONE && chance(s, 350);
	if (quick || (t->ch == CH_PHONE && chance(s, 600))) {
		cur.resolver = 10 + (int)rnd(s, 70);
		emit(t, tt, E_ACTIVE);
	} else {
		emit(t, tt, E_NEW);
		tt = t->fr != NONE && t->fr > tt ? floor_min(t->fr) : tt + (int64_t)(10 + rnd(s, 390)) * 60;
		if (tt > snap)
			return;
		cur.resolver = 10 + (int)rnd(s, 70);
		emit(t, tt, E_ACTIVE);
	}
	if (chance(s, 150)) {
		tt += (int64_t)(1 + rnd(s, 19)) * HOUR;
		if (tt > snap)
			return;
		cur.reassign++;
		cur.group = (cur.group + 1 + (int)rnd(s, NGROUPS - 1)) % NGROUPS;
		cur.resolver = 10 + (int)rnd(s, 70);
		emit(t, tt, E_ACTIVE);
	}
	if ((t->solved == NONE && (t->state == S_PENDING || t->state == S_HOLD)) ||
	    (t->solved != NONE && chance(s, 200))) {
		tt += (int64_t)(1 + rnd(s, 9)) * HOUR;
		if (tt > snap)
			return;
		emit(t, tt, E_AWAITING);
		if (t->solved == NONE)
			return;
		tt += (int64_t)(2 + rnd(s, 46)) * HOUR;
		if (tt > snap)
			return;
		emit(t, tt, E_ACTIVE);
	}
	if (t->solved == NONE)
		return;
	if (t->reopens) {
		/* resolved once, reopened by the caller, resolved again */
		int64_t r1 = tt + (floor_min(t->solved) - tt) / 3;

		if (r1 < tt + 1800)
			r1 = tt + 1800;
		r1 = floor_min(r1);
		if (r1 > snap)
			return;
		cur.resolved = r1;
		cur.code = 2;
		emit(t, r1, E_RESOLVED);
		tt = r1 + (int64_t)(2 + rnd(s, 70)) * HOUR;
		if (tt > snap)
			return;
		cur.reopen = 1;
		cur.resolved = NONE;
		cur.code = -1;
		emit(t, floor_min(tt), E_ACTIVE);
	}
	tt = floor_min(t->solved > tt + 1800 ? t->solved : tt + 1800);
	if (tt > snap)
		return;
	cur.resolved = tt;
	cur.code = (int)rnd(s, NELEM(SNOW_CODES));
	emit(t, tt, E_RESOLVED);
	tt += 5 * DAY;
	if (tt > snap)
		return;
	cur.active = 0;
	cur.closed = tt;
	emit(t, tt, E_CLOSED);
}

/* ------------------------------------------------------------------------ */
/* --overlap: what happened to a ticket since the base export */

/*
 * The ticket moves one step on at a time after the base snapshot:
 * new -> open (first reply), open/hold -> pending, pending -> solved,
 * solved -> closed; a closed ticket stays closed but is touched again
 * (updated later; its satisfaction survey answered).
 */
static void
move_on(struct ticket *t, uint64_t *s, int64_t snap2, int layout)
{
	int64_t when = snap_base + 60 + (int64_t)rnd(s, (uint64_t)(snap2 - snap_base - 120));

	when = floor_min(when);
	t->changed = 1;
	switch (t->state) {
	case S_NEW:
		t->state = S_OPEN;
		t->fr = when;
		t->frt_min = (int)((when - t->created) / 60);
		t->replies = 1;
		break;
	case S_OPEN:
	case S_HOLD:
		t->state = S_PENDING;
		t->replies++;
		break;
	case S_PENDING:
		t->state = S_SOLVED;
		t->solved = when;
		t->csat = CSAT_OFFERED;
		if (!CLOSE_AFTER_H[layout]) {	/* Salesforce: closed is the end */
			t->state = S_CLOSED;
			t->closed = when;
		}
		break;
	case S_SOLVED:
		t->state = S_CLOSED;
		t->closed = when;
		break;
	case S_CLOSED:
		if (t->csat == CSAT_OFFERED)
			t->csat = chance(s, 780) ? CSAT_GOOD : CSAT_BAD;
		break;
	}
	t->updated = when;
	if (layout == L_SERVICENOW) {
		cur = t->ev[t->nev - 1];
		switch (cur.state) {
		case E_NEW:
			cur.resolver = 10 + (int)rnd(s, 70);
			cur.state = E_ACTIVE;
			break;
		case E_ACTIVE:
			cur.state = E_AWAITING;
			break;
		case E_AWAITING:
			cur.state = E_RESOLVED;
			cur.resolved = when;
			cur.code = (int)rnd(s, NELEM(SNOW_CODES));
			break;
		case E_RESOLVED:
			cur.state = E_CLOSED;
			cur.active = 0;
			cur.closed = when;
			break;
		}
		cur.mod += 1 + (int)rnd(s, 3);
		cur.when = when;
		if (t->nev < (int)NELEM(t->ev))
			t->ev[t->nev++] = cur;
	}
}

/* ------------------------------------------------------------------------ */
/* the layouts */

static const char *const STATUS_CAP[] = { "New", "Open", "Pending", "Hold", "Solved",
	"Closed" };
static const char *const PRIO_CAP[] = { "Low", "Normal", "High", "Urgent" };
static const char *const CSAT_CAP[] = { "Unoffered", "Offered", "Good", "Bad" };

static void
fld_tags(const struct ticket *t, char sep, int dash, int max, const char *extra)
{
	char b[256];
	size_t n = 0, l;
	int i;

	for (i = 0; i < t->ntags && i < max; i++) {
		if (i)
			b[n++] = sep;
		for (l = 0; t->tags[i][l]; l++)
			b[n++] = dash && t->tags[i][l] == '_' ? '-' : t->tags[i][l];
	}
	fld_q(b, n, extra);
}

static void
header(const char *const *h, size_t n)
{
	size_t i;

	row_begin();
	for (i = 0; i < n; i++)
		fld_s(h[i]);
	row_end();
}

/* Zendesk: UTF-8 with BOM, comma, CRLF; e-mail bodies keep their CRLF. */
static const char *const ZD_HDR[] = { "Summation column", "Id", "Requester",
	"Requester id", "Requester email", "Assignee", "Group", "Subject", "Description",
	"Tags", "Status", "Priority", "Via", "Ticket type", "Category [list]",
	"Created at", "Updated at", "Solved at", "Reopens", "Replies",
	"First reply time in minutes", "Satisfaction Score", "Country [list]" };

static void
row_zendesk(struct ticket *t, uint64_t id)
{
	static const char *const via[NCH] = { "Email", "Web form", "Mobile SDK", "Chat",
		"Phone call (inbound)", "Twitter" };
	static const int tw[] = { 80, 15, 5 };
	static const char *const types[] = { "Incident", "Question", "Task" };
	const struct topic *T = &TOPICS[t->topic];
	uint64_t *s = &t->s;
	int noprio = chance(s, 50);
	const char *ttype;

	if (t->topic == TP_HOWTO)
		ttype = "Question";
	else if (t->topic == TP_UPLOAD && t->burst)
		ttype = "Problem";
	else
		ttype = types[pick(s, tw, 3)];
	row_begin();
	fld("", 0);
	fld_u(id);
	fld_s(t->p.name);
	fld_u(t->p.zid);
	fld_s(t->p.email);
	fld_s(t->state == S_NEW ? "" : AGENTS[T->team][t->agent]);
	fld_s(TEAMS[T->team]);
	fld(t->subj, t->subjlen);
	if (t->ch == CH_EMAIL && memchr(t->body, '\n', t->bodylen)) {
		char b[sizeof(t->body) * 2];
		size_t i, n = 0;

		for (i = 0; i < t->bodylen; i++) {
			if (t->body[i] == '\n')
				b[n++] = '\r';
			b[n++] = t->body[i];
		}
		fld(b, n);
	} else {
		fld(t->body, t->bodylen);
	}
	fld_tags(t, ' ', 0, 8, NULL);
	fld_s(STATUS_CAP[t->state]);
	fld_s(noprio ? "" : PRIO_CAP[t->prio]);
	fld_s(via[t->ch]);
	fld_s(ttype);
	fld_s(T->cat);
	fld_t(D_ZENDESK, t->created);
	fld_t(D_ZENDESK, t->updated);
	fld_t(D_ZENDESK, t->solved);
	fld_u(t->reopens);
	fld_u(t->replies);
	if (t->fr == NONE)
		fld("", 0);
	else
		fld_u(t->frt_min);
	fld_s(CSAT_CAP[t->csat]);
	fld_s(t->p.c->name);
	row_end();
}

/* Salesforce report export: every field quoted, LF, footer lines. */
static const char *const SF_HDR[] = { "Case Number", "Subject", "Description", "Status",
	"Priority", "Case Origin", "Type", "Case Reason", "Contact Email", "Case Owner",
	"Date/Time Opened", "Date/Time Closed", "Last Modified Date", "Escalated" };

static void
row_salesforce(struct ticket *t, uint64_t id)
{
	static const char *const origin[NCH] = { "Email", "Web", "Web", "Chat", "Phone",
		"Web" };
	static const char *const prio[4] = { "Low", "Medium", "High", "Critical" };
	static const char *const reason[NTOPICS] = { "Account Access", "Account Security",
		"Billing", "Technical", "Technical", "Content Policy", "Content Policy",
		"Intellectual Property", "Enforcement Appeal", "How-to" };
	const struct topic *T = &TOPICS[t->topic];
	const char *status, *owner, *typ;
	char cn[24];
	int64_t closed = NONE;

	switch (t->state) {
	case S_SOLVED:
	case S_CLOSED:
		status = "Closed";
		closed = t->closed != NONE ? t->closed : t->solved;
		break;
	case S_NEW:
		status = "New";
		break;
	case S_PENDING:
	case S_HOLD:
		status = "On Hold";
		break;
	default:
		status = t->escalated ? "Escalated" : "Working";
		break;
	}
	if (t->state == S_NEW)
		owner = T->team == T_TNS ? "Trust & Safety Queue" : "Support Queue";
	else
		owner = AGENTS[T->team][t->agent];
	typ = t->topic == TP_HOWTO ? "Question" :
		(t->topic == TP_UPLOAD || t->topic == TP_LIVE) ? "Problem" : "Request";
	snprintf(cn, sizeof(cn), "%08" PRIu64, id);
	row_begin();
	fld_s(cn);
	fld(t->subj, t->subjlen);
	fld(t->body, t->bodylen);
	fld_s(status);
	fld_s(prio[t->prio]);
	fld_s(origin[t->ch]);
	fld_s(typ);
	fld_s(reason[t->topic]);
	fld_s(t->p.email);
	fld_s(owner);
	fld_t(D_SF, t->created);
	fld_t(D_SF, closed);
	fld_t(D_SF, t->updated);
	fld_s(t->escalated ? "1" : "0");
	row_end();
}

static void
footer_salesforce(int64_t snap)
{
	char b[64];
	size_t n;

	n = fmt_time(b, D_SF, snap + HOUR + 14 * 60);
	b[n] = '\0';
	oputs("\n\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"\n");
	oputs("\"Confidential Information - Do Not Distribute\"\n");
	oputs("\"Generated By:  Jane Doe  ");
	oputs(b);
	oputs("\"\n\"Acme Social, Inc.\"\n");
}

/* Freshdesk re-saved by a European Excel: semicolon, CRLF, decimal commas. */
static const char *const FD_HDR[] = { "Ticket ID", "Subject", "Description", "Status",
	"Priority", "Source", "Type", "Agent", "Group", "Created time", "Resolved time",
	"Last update time", "First response time (in hrs)", "Tags", "Full name", "Email",
	"Country" };

static void
row_freshdesk(struct ticket *t, uint64_t id)
{
	static const char *const prio[4] = { "Low", "Medium", "High", "Urgent" };
	static const char *const source[NCH] = { "Email", NULL, "Mobile App", "Chat",
		"Phone", "Feedback Widget" };
	static const char *const web[] = { "Portal", "Portal", "Feedback Widget" };
	static const char *const typ[NTOPICS] = { "Question", "Account Security", "Refund",
		"Incident", "Incident", "Trust & Safety", "Trust & Safety", "Trust & Safety",
		"Trust & Safety", "Question" };
	const struct topic *T = &TOPICS[t->topic];
	uint64_t *s = &t->s;
	const char *st = "Open", *src;
	char frt[24], *p = frt;

	switch (t->state) {
	case S_SOLVED:
		st = "Resolved";
		break;
	case S_CLOSED:
		st = "Closed";
		break;
	case S_HOLD:
		st = "Pending";
		break;
	case S_PENDING:
		st = rnd(s, 2) ? "Waiting on Customer" : "Pending";
		break;
	}
	src = source[t->ch] ? source[t->ch] : web[rnd(s, 3)];
	if (t->fr != NONE) {
		/* hours, two decimals (half to even), Excel drops trailing zeros */
		uint64_t c = (uint64_t)t->frt_min * 100 / 60, r = (uint64_t)t->frt_min * 100 % 60;

		if (2 * r > 60 || (2 * r == 60 && c % 2))
			c++;
		p = fmt_u(p, c / 100);
		if (c % 100) {
			*p++ = ',';
			*p++ = (char)('0' + c % 100 / 10);
			if (c % 10)
				*p++ = (char)('0' + c % 10);
		}
	}
	row_begin();
	fld_u(id);
	fld(t->subj, t->subjlen);
	fld(t->body, t->bodylen);
	fld_s(st);
	fld_s(prio[t->prio]);
	fld_s(src);
	fld_s(typ[t->topic]);
	fld_s(t->state == S_NEW ? "" : AGENTS[T->team][t->agent]);
	fld_s(TEAMS[T->team]);
	fld_t(D_FD, t->created);
	fld_t(D_FD, t->solved);
	fld_t(D_FD, t->updated);
	fld(frt, (size_t)(p - frt));
	fld_tags(t, ',', 1, 8, ",");		/* Excel quoted the comma lists */
	fld_s(t->p.name);
	fld_s(t->p.email);
	fld_s(t->p.c->name);
	row_end();
}

/* Jira Service Management: LF, repeated Labels and Comment columns, newest first. */
static const char *const JSM_HDR[] = { "Summary", "Issue key", "Issue id", "Issue Type",
	"Status", "Priority", "Resolution", "Assignee", "Reporter", "Created", "Updated",
	"Resolved", "Labels", "Labels", "Labels", "Description", "Comment", "Comment",
	"Custom field (Request Type)" };

static void
row_jsm(struct ticket *t, uint64_t id)
{
	static const char *const itype[NTOPICS] = { "[System] Service request",
		"[System] Incident", "[System] Service request", "[System] Incident",
		"[System] Incident", "[System] Incident", "[System] Incident",
		"[System] Service request", "[System] Service request",
		"[System] Service request" };
	static const char *const rtype[NTOPICS] = { "Get help with login",
		"Report a hacked account", "Billing and refunds", "Technical problem",
		"Technical problem", "Report abuse", "Report abuse", "Copyright / IP claim",
		"Appeal a decision", "Ask a question" };
	static const char *const replies[] = {
		"Hi {first}, thanks for reaching out. Could you tell us the device and app "
		"version you are using?",
		"We've escalated this to the {team} team, we'll update you here.",
		"Hi {first},\nwe have reset the session on your account. Please update the app "
		"and try again; let us know if it still happens.",
		"Thanks, we've reviewed the content and taken action under our Community "
		"Guidelines." };
	static const char *const res4[] = { "Done", "Won't Do", "Duplicate",
		"Cannot Reproduce" };
	static const int resw[] = { 80, 8, 6, 6 };
	const struct topic *T = &TOPICS[t->topic];
	uint64_t *s = &t->s;
	const char *st = "Waiting for support", *pr, *res = "";
	const char *user = agent_user[T->team][t->agent];
	char key[32], c1[512], c2[160], tb[40], *p;
	size_t n1 = 0, n2 = 0, n;
	int64_t solved = floor_min(t->solved);
	int i;

	switch (t->state) {
	case S_OPEN:
		st = rnd(s, 2) ? "In Progress" : "Waiting for support";
		break;
	case S_PENDING:
		st = "Waiting for customer";
		break;
	case S_HOLD:
		st = "In Progress";
		break;
	case S_SOLVED:
		st = "Resolved";
		break;
	case S_CLOSED:
		st = chance(s, 80) ? "Canceled" : "Closed";
		break;
	}
	if (t->state == S_SOLVED || (t->state == S_CLOSED && strcmp(st, "Canceled")))
		res = res4[pick(s, resw, 4)];
	else if (t->state == S_CLOSED)
		res = res4[1 + rnd(s, 2)];
	if (!*res)
		solved = NONE;
	switch (t->prio) {
	case P_LOW:
		pr = rnd(s, 2) ? "Lowest" : "Low";
		break;
	case P_NORMAL:
		pr = "Medium";
		break;
	case P_HIGH:
		pr = "High";
		break;
	default:
		pr = "Highest";
		break;
	}
	if (t->fr != NONE) {
		struct vals v;

		memset(&v, 0, sizeof(v));
		n = fmt_time(tb, D_JIRA, floor_min(t->fr));
		memcpy(c1, tb, n);
		n1 = n;
		c1[n1++] = ';';
		p = fmt_s(c1 + n1, user);
		n1 = (size_t)(p - c1);
		c1[n1++] = ';';
		expand(c1, &n1, sizeof(c1), replies[rnd(s, NELEM(replies))], t, &v);
		if (t->replies > 1 && t->updated > t->fr + 600) {
			n = fmt_time(tb, D_JIRA, floor_min(t->fr + (t->updated - t->fr) / 2));
			memcpy(c2, tb, n);
			n2 = n;
			c2[n2++] = ';';
			p = fmt_s(c2 + n2, user);
			p = fmt_s(p, ";Following up: is this still happening?");
			n2 = (size_t)(p - c2);
		}
	}
	snprintf(key, sizeof(key), "SUP-%" PRIu64, id);
	row_begin();
	fld(t->subj, t->subjlen);
	fld_s(key);
	fld_u(id + 110000);
	fld_s(itype[t->topic]);
	fld_s(st);
	fld_s(pr);
	fld_s(res);
	fld_s(t->state == S_NEW ? "" : AGENTS[T->team][t->agent]);
	fld_s(t->p.name);
	fld_t(D_JIRA, floor_min(t->created));
	fld_t(D_JIRA, floor_min(t->updated));
	fld_t(D_JIRA, solved);
	for (i = 0; i < 3; i++) {
		if (i < t->ntags) {
			char b[64];
			size_t l = strlen(t->tags[i]), j;

			memcpy(b, t->tags[i], l);
			for (j = 0; j < l; j++)
				if (b[j] == '_')
					b[j] = '-';
			fld(b, l);
		} else {
			fld("", 0);
		}
	}
	fld(t->body, t->bodylen);
	fld(c1, n1);
	fld(c2, n2);
	fld_s(rtype[t->topic]);
	row_end();
}

/* ServiceNow incident event log: LF, "?" for nulls, one row per update. */
static const char *const SNOW_HDR[] = { "number", "incident_state", "active",
	"reassignment_count", "reopen_count", "sys_mod_count", "made_sla", "caller_id",
	"opened_at", "sys_updated_at", "contact_type", "category", "subcategory",
	"priority", "assignment_group", "assigned_to", "short_description", "description",
	"closed_code", "resolved_at", "closed_at" };

static void
rows_servicenow(struct ticket *t, uint64_t id)
{
	static const char *const ctype[NCH] = { "Email", "Self service", "Self service",
		"Chat", "Phone", "Self service" };
	int64_t opened = floor_min(t->created);
	char num[24], caller[32], who[24];
	int i;

	snprintf(num, sizeof(num), "INC%07" PRIu64, id);
	snprintf(caller, sizeof(caller), "Caller %" PRIu64, 1000 + t->p.k);
	for (i = 0; i < t->nev; i++) {
		const struct event *e = &t->ev[i];
		int64_t ref = e->resolved != NONE ? e->resolved : e->when;

		row_begin();
		fld_s(num);
		fld_s(SNOW_STATE[e->state]);
		fld_s(e->active ? "true" : "false");
		fld_u(e->reassign);
		fld_u(e->reopen);
		fld_u(e->mod);
		fld_s(ref - opened <= (int64_t)SNOW_SLA_H[t->prio] * HOUR ? "true" : "false");
		fld_s(caller);
		fld_t(D_SNOW, opened);
		fld_t(D_SNOW, e->when);
		fld_s(ctype[t->ch]);
		fld_s(SNOW_CAT[t->topic][0]);
		fld_s(SNOW_CAT[t->topic][1]);
		fld_s(SNOW_PRIO[t->prio]);
		fld_s(SNOW_GROUP[e->group]);
		if (e->resolver < 0) {
			fld_s("?");
		} else {
			snprintf(who, sizeof(who), "Resolver %d", e->resolver);
			fld_s(who);
		}
		fld(t->subj, t->subjlen);
		fld(t->body, t->bodylen);
		fld_s(e->code < 0 ? "?" : SNOW_CODES[e->code]);
		fld_t(D_SNOW, e->resolved);
		fld_t(D_SNOW, e->closed);
		row_end();
	}
}

/* ------------------------------------------------------------------------ */

static void
usage(FILE *f)
{
	fputs(
"usage: genexport [-s seed] [-n rows] [-l layout]\n"
"                 [--overlap fraction --base-seed seed [--base-rows n]]\n"
"\n"
"Writes a realistic ticket export to standard output, in the layout and with\n"
"the quirks of samples/LAYOUT.csv: zendesk (default; BOM, comma, CRLF),\n"
"salesforce (all quoted, LF, footer lines), freshdesk (semicolon, CRLF,\n"
"decimal commas, day-first dates), jsm (repeated Labels/Comment columns,\n"
"newest first) or servicenow (incident event log: several rows per incident).\n"
"\n"
"  -s, --seed n        seed (default 1); the same options give the same bytes\n"
"  -n, --rows n        tickets (default 1000); servicenow writes 1 to 9 event\n"
"                      rows for each of them (about 4.2 on average)\n"
"  -l, --layout name   zendesk, salesforce, freshdesk, jsm or servicenow\n"
"\n"
"Tickets cover the 52 weeks from Mon 13 Mar 2023 to Sun 10 Mar 2024 (weekly\n"
"seasonality, a slow upward trend, 3-4 outage bursts a year); the\n"
"export is taken Mon 11 Mar 2024 08:00 UTC.  Ids are sequential in creation\n"
"order, from 100000 (zendesk Id, freshdesk Ticket ID, salesforce Case Number\n"
"00100000, jsm SUP-100000, servicenow INC0100000).\n"
"\n"
"A newer export that overlaps an older one (to exercise the update path):\n"
"  --overlap f         with B = the older export's row count and k = round(f*B),\n"
"                      write the tickets of the older export's last k ids,\n"
"                      then n - round(f*n) brand-new tickets with the ids that\n"
"                      follow its last id, created after its snapshot at the\n"
"                      same rate; the newer export is taken at 08:00 the day\n"
"                      after the last of them (at least 7 days after the\n"
"                      older one).\n"
"                      Of the k old tickets about half (chosen by -s) have\n"
"                      moved on, each one step, at a time after the older\n"
"                      snapshot: new -> open, open/hold -> pending, pending\n"
"                      -> solved (salesforce: closed), solved -> closed;\n"
"                      closed stays closed but is touched (updated later, a\n"
"                      pending satisfaction survey answered); servicenow adds\n"
"                      one event row.  Their updated time is the time of that\n"
"                      step.  The other half are byte for byte the rows of the\n"
"                      older export.  -s seeds the changes and the new\n"
"                      tickets; the people and the calendar are the older\n"
"                      export's, so frequent requesters carry over.\n"
"  --base-seed s       the -s of the older export (required with --overlap)\n"
"  --base-rows B       the -n of the older export (default: the same -n)\n"
"\n"
"Example: genexport -s 1 -n 1000000 >old.csv\n"
"         genexport --overlap 0.5 --base-seed 1 -s 2 -n 1000000 >new.csv\n"
"         (new.csv: 500000 of old.csv's tickets, ~250000 of them changed,\n"
"         then 500000 new ones)\n", f);
}

static int
num_arg(const char *opt, const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-' || (*v = strtoull(s, &end, 10), errno) || *end) {
		fprintf(stderr, "genexport: %s: not a number: %s\n", opt, s ? s : "(missing)");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	uint64_t seed = 1, n = 1000, base_seed = 0, base_rows = 0, g, first_id, k, nnew;
	uint64_t old_lo, old_hi;
	int layout = L_ZENDESK, have_base_seed = 0, have_base_rows = 0, have_overlap = 0;
	double overlap = 0;
	int64_t snap2 = 0;
	struct ticket *t;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--seed")) {
			if (num_arg(a, v, &seed) < 0)
				return 2;
			i++;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--rows")) {
			if (num_arg(a, v, &n) < 0)
				return 2;
			i++;
		} else if (!strcmp(a, "--base-seed")) {
			if (num_arg(a, v, &base_seed) < 0)
				return 2;
			have_base_seed = 1;
			i++;
		} else if (!strcmp(a, "--base-rows")) {
			if (num_arg(a, v, &base_rows) < 0)
				return 2;
			have_base_rows = 1;
			i++;
		} else if (!strcmp(a, "-l") || !strcmp(a, "--layout")) {
			for (layout = 0; layout < NLAYOUTS; layout++)
				if (v && !strcmp(v, LAYOUTS[layout]))
					break;
			if (layout == NLAYOUTS) {
				fprintf(stderr, "genexport: unknown layout: %s\n", v ? v : "(missing)");
				return 2;
			}
			i++;
		} else if (!strcmp(a, "--overlap")) {
			char *end;

			if (!v || (overlap = strtod(v, &end), *end) || end == v ||
			    !(overlap >= 0 && overlap <= 1)) {
				fprintf(stderr, "genexport: --overlap: want a fraction from 0 to 1\n");
				return 2;
			}
			have_overlap = 1;
			i++;
		} else {
			fprintf(stderr, "genexport: unknown option: %s\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (have_overlap != have_base_seed) {
		fprintf(stderr, "genexport: --overlap and --base-seed go together\n");
		return 2;
	}
	if (have_base_rows && !have_overlap) {
		fprintf(stderr, "genexport: --base-rows needs --overlap\n");
		return 2;
	}
	if (n > UINT64_C(100000000) || base_rows > UINT64_C(100000000)) {
		fprintf(stderr, "genexport: at most 100000000 rows\n");
		return 2;
	}
	if (!have_base_rows)
		base_rows = n;
	if (!have_overlap)
		base_seed = seed;
	if (!base_rows) {
		base_rows = 1;		/* the calendar needs a rate */
		if (have_overlap) {
			fprintf(stderr, "genexport: --base-rows: the older export is empty\n");
			return 2;
		}
	}

	for (i = 0; i < (int)NELEM(COUNTRIES); i++)
		country_w[i] = COUNTRIES[i].w;
	for (i = 0; i < NTOPICS; i++)
		topic_w[i] = TOPICS[i].w;
	for (i = 0; i < NTEAMS; i++) {
		int j;

		for (j = 0; j < 6 && AGENTS[i][j]; j++) {
			nagents[i] = j + 1;
			char local[32], *dot, *last;

			mail_local(local, AGENTS[i][j]);
			dot = strchr(local, '.');
			last = strrchr(local, '.');
			snprintf(agent_user[i][j], sizeof(agent_user[i][j]), "%c%s", local[0],
				 dot ? last + 1 : local + 1);
		}
	}

	/* old ids [old_lo, old_hi), then nnew new ones */
	if (have_overlap) {
		k = (uint64_t)(overlap * (double)base_rows + 0.5);
		nnew = n - (uint64_t)(overlap * (double)n + 0.5);
		old_lo = base_rows - k;
		old_hi = base_rows;
	} else {
		k = 0;
		nnew = n;
		old_lo = old_hi = 0;
	}
	world_seed = base_seed;
	time_model(base_seed, base_rows, old_hi + nnew);
	people_model(base_rows);
	if (have_overlap) {
		int64_t last = nnew ? created_at(old_hi + nnew - 1, 1.0 - 1e-9) : snap_base;

		snap2 = (last - start_t) / DAY * DAY + start_t + DAY + 8 * HOUR;
		if (snap2 < snap_base + 7 * DAY)
			snap2 = snap_base + 7 * DAY;
	}
	first_id = 100000;

	switch (layout) {
	case L_ZENDESK:
		set_dialect(',', "\r\n", 0);
		oput("\xef\xbb\xbf", 3);
		header(ZD_HDR, NELEM(ZD_HDR));
		break;
	case L_SALESFORCE:
		set_dialect(',', "\n", 1);
		header(SF_HDR, NELEM(SF_HDR));
		break;
	case L_FRESHDESK:
		set_dialect(';', "\r\n", 0);
		header(FD_HDR, NELEM(FD_HDR));
		break;
	case L_JSM:
		set_dialect(',', "\n", 0);
		header(JSM_HDR, NELEM(JSM_HDR));
		break;
	case L_SERVICENOW:
		set_dialect(',', "\n", 0);
		header(SNOW_HDR, NELEM(SNOW_HDR));
		break;
	}

	t = malloc(sizeof(*t));
	if (!t) {
		fprintf(stderr, "genexport: out of memory\n");
		return 1;
	}
	/* Jira lists the newest issue first */
	for (i = 0; i < 2; i++) {
		uint64_t lo, hi, j;

		if ((i == 0) == (layout != L_JSM)) {
			lo = old_lo;
			hi = old_hi;
		} else {
			lo = old_hi;
			hi = old_hi + nnew;
		}
		for (j = lo; j < hi; j++) {
			int64_t snap;

			g = layout == L_JSM ? hi - 1 - (j - lo) : j;
			if (g < old_hi) {
				uint64_t cs = stream(seed, 4, g);

				snap = snap_base;
				make_ticket(t, base_seed, g, snap, layout);
				if (layout == L_SERVICENOW)
					snow_plan(t, snap);
				if (rnd(&cs, 2))
					move_on(t, &cs, snap2, layout);
			} else {
				snap = have_overlap ? snap2 : snap_base;
				make_ticket(t, seed, g, snap, layout);
				if (layout == L_SERVICENOW)
					snow_plan(t, snap);
			}
			switch (layout) {
			case L_ZENDESK:
				row_zendesk(t, first_id + g);
				break;
			case L_SALESFORCE:
				row_salesforce(t, first_id + g);
				break;
			case L_FRESHDESK:
				row_freshdesk(t, first_id + g);
				break;
			case L_JSM:
				row_jsm(t, first_id + g);
				break;
			case L_SERVICENOW:
				rows_servicenow(t, first_id + g);
				break;
			}
		}
	}
	if (layout == L_SALESFORCE)
		footer_salesforce(have_overlap ? snap2 : snap_base);
	oflush();
	free(t);
	free(cum);
	free(burst);
	free(pool_cum);
	return 0;
}
