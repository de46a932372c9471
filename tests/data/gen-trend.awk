# gen-trend.awk - a Zendesk-style export with planted spikes, level shifts and
# a trend in the daily ticket counts per category: the test data of tix-trend.
#
#   awk -f gen-trend.awk [-v seed=N] [-v truth=FILE] [-v counts=FILE] >export.csv
#
# seed    the random seed, a whole number from 0 to 2^32-1 (default 1).
# truth   write the planted events there, as TSV with a header line:
#         category, kind (spike, shift or trend), day_index (0-based day of
#         the event's first day; 0 for a trend), date (YYYY-MM-DD).
# counts  write every (day, category) cell there, as TSV with a header line:
#         day_index, date, category, mean (the planted expected count),
#         count (the tickets written).
#
# The data: 20 categories over 182 days from Monday 2026-01-05 (UTC), about
# 57,000 tickets with seed 1.  Each category has a base mean (a weekday's
# expected count, 4 to 30) times a weekday factor (Mon 1.10, Tue 1.05, Wed and
# Thu 1.00, Fri 0.90, Sat 0.42, Sun 0.38: weekends about 40% of weekdays),
# times the planted effect of the day:
#   Account hacked   spike: x6 on day 100 (Wednesday 2026-04-15)
#   Payments         shift: x2 from day 120 (Tuesday 2026-05-05) to the end
#   LIVE streaming   spike: x5 on day 40 (Saturday 2026-02-14), and
#                    shift: x0.5 from day 150 (Thursday 2026-06-04) on
#   Upload failed    trend: x(1 + 1.5 d/181), from x1 on day 0 to x2.5 on day 181
#   the 16 others    none: weekly pattern and noise only.
# The count of each (day, category) cell is negative binomial with that mean
# and shape k = 20 (variance mean + mean^2/20), the Poisson-gamma mixture
# Poisson(mean * G/k), G ~ Gamma(k, 1).  Because k is a whole number it is
# drawn exactly, with no logarithm, as a Pascal count: Bernoulli trials with
# success probability k/(k + mean), counting the failures before the k-th
# success.  Each ticket then gets an hour of the day from a fixed UTC
# profile (busy 08-20, quiet at night, by inversion of its distribution
# function) and a uniform second in that hour; the tickets of a day are
# sorted by time (Shell sort) and numbered, so Ids grow with Created at.
#
# Random numbers: the 48-bit linear congruential generator of drand48
# (x' = (0x5DEECE66D x + 11) mod 2^48, seeded as srand48 does:
# x = seed * 2^16 + 0x330E), the product computed in 24-bit halves so that
# every intermediate value is an integer below 2^53 and exact in a double;
# u = (x + 0.5) / 2^48 lies in (0, 1).  Only + - * / % int() and
# comparisons are used (no rand(), no libm, no for-in loop whose order could
# differ), so mawk, gawk, busybox awk and the one true awk write the same
# bytes on every machine.
#
# The CSV: LF line ends, no BOM, fields quoted when they hold a comma or a
# quote, no line breaks inside fields (so a record is a line), dates as
# 2026-01-05 10:00:00 +0000.  The export is taken at 2026-07-06 09:00 UTC:
# most tickets are Closed (4 days after Solved) or Solved, the newest ones
# still New, Open or Pending.

function lcg_seed(s) {
	X = s * 65536 + 13070	# 0x330E
}

# a * b mod 2^48 for a, b in [0, 2^48): 24-bit halves, every partial
# product below 2^48 and every sum below 2^50, so all of it is exact
function mul48(a, b,   ah, al, bh, bl) {
	ah = int(a / P24)
	al = a - ah * P24
	bh = int(b / P24)
	bl = b - bh * P24
	return (al * bl + ((ah * bl + al * bh) % P24) * P24) % P48
}

# The next state of the stream in X; u01() maps it to (0, 1).
function lcg_next() {
	X = (mul48(LCG_A, X) + 11) % P48
	return X
}

function u01() {
	lcg_next()
	return (X + 0.5) / P48
}

# A whole number in [0, n).
function rint(n) {
	return int(u01() * n)
}

# The counts of category c come from a stream of their own: the main
# stream's start jumped ahead by c * 2^40 steps (the map x -> A x + C
# squared 40 times), so streams never overlap and the noise of one
# category does not depend on the others' means.
function streams(nc,   ja, jc, i, x) {
	ja = LCG_A
	jc = 11
	for (i = 0; i < 40; i++) {
		jc = (mul48(ja, jc) + jc) % P48
		ja = mul48(ja, ja)
	}
	x = X
	for (i = 1; i <= nc; i++) {
		x = (mul48(ja, x) + jc) % P48
		XS[i] = x
	}
}

# Negative binomial with this mean and shape K (a whole number), from the
# stream of category c: the failures before the K-th success in trials
# with success probability K / (K + mean).
function negbin(mean, c,   p, succ, fail, x0) {
	if (mean <= 0)
		return 0
	x0 = X
	X = XS[c]
	p = K / (K + mean)
	succ = 0
	fail = 0
	while (succ < K) {
		if (u01() < p)
			succ++
		else
			fail++
	}
	XS[c] = X
	X = x0
	return fail
}

# Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms;
# every operand is positive here, so int() is floor).
function days_from_civil(y, m, d,   era, yoe, doy, doe) {
	if (m <= 2)
		y--
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}

function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
	z += 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2)
		y++
	return sprintf("%04d-%02d-%02d", y, m, d)
}

# Epoch seconds as Zendesk writes them.
function stamp(t,   z, s) {
	z = int(t / 86400)
	s = t - z * 86400
	return sprintf("%s %02d:%02d:%02d +0000", civil(z), int(s / 3600),
		       int((s % 3600) / 60), s % 60)
}

function day_date(d) {
	return civil(DAY0 + d)
}

function csvq(s) {
	if (s ~ /[",]/) {
		gsub(/"/, "\"\"", s)
		return "\"" s "\""
	}
	return s
}

# Pick from a '|' list with cumulative weights in per mille, "w1|w2|..."
function wpick(items, cumw,   n, m, it, cw, i, r) {
	n = split(items, it, "|")
	m = split(cumw, cw, "|")
	r = rint(1000)
	for (i = 1; i < n && i <= m; i++)
		if (r < cw[i] + 0)
			return it[i]
	return it[n]
}

function addcat(name, base, group, slug, subj, desc) {
	NC++
	CNAME[NC] = name
	CBASE[NC] = base
	CGROUP[NC] = group
	CSLUG[NC] = slug
	CSUBJ[NC] = subj
	CDESC[NC] = desc
}

# The planted mean of category c on day d.
function mean_of(c, d,   m) {
	m = CBASE[c] * WDF[d % 7]
	if (CNAME[c] == "Account hacked" && d == 100)
		m *= 6
	else if (CNAME[c] == "Payments" && d >= 120)
		m *= 2
	else if (CNAME[c] == "LIVE streaming") {
		if (d == 40)
			m *= 5
		else if (d >= 150)
			m *= 0.5
	} else if (CNAME[c] == "Upload failed")
		m *= 1 + 1.5 * d / 181
	return m
}

# Fill in the template's # with a number of n digits.
function fill(tpl, n,   num, i) {
	num = ""
	for (i = 0; i < n; i++)
		num = num rint(10)
	i = index(tpl, "#")	# not sub(): it is slow in mawk 1.3.4
	return i ? substr(tpl, 1, i - 1) num substr(tpl, i + 1) : tpl
}

function emit(id, c, t,   nsubj, sj, nd, dj, r, fn, ln, name, email, subj, desc,
	      status, prio, via, type, tags, agent, solved, upd, delay, u) {
	nsubj = split(CSUBJ[c], sj, "|")
	nd = split(CDESC[c], dj, "|")
	subj = fill(sj[1 + rint(nsubj)], 6)
	desc = fill(dj[1 + rint(nd)], 8)

	# requesters: a pool of NREQ, the low numbers far more often (u^2)
	u = u01()
	r = int(NREQ * u * u)
	fn = FIRST[1 + r % NFIRST]
	ln = LAST[1 + int(r / NFIRST) % NLAST]
	name = fn " " ln
	email = tolower(fn) "." tolower(ln) (r >= NFIRST * NLAST ? int(r / (NFIRST * NLAST)) : "") \
		"@" DOMAIN[1 + r % NDOM]

	if (CNAME[c] == "Account hacked" || CNAME[c] == "Harassment")
		prio = wpick("Low|Normal|High|Urgent", "20|400|850")
	else
		prio = wpick("Low|Normal|High|Urgent", "200|800|960")
	via = wpick("Web form|Mobile SDK|Email|Chat|Api", "450|750|900|980")
	type = wpick("Incident|Question|Problem|Task", "500|850|900")
	agent = AGENT[1 + rint(NAGENT)]
	tags = CSLUG[c] " " tolower(via == "Mobile SDK" ? "mobile_sdk" : via == "Web form" ? "web_form" : via)

	# the life of the ticket, as seen at NOW
	solved = ""
	delay = 900 + int(u01() * u01() * u01() * 12 * 86400)
	if (u01() < 0.02) {
		status = wpick("Open|Pending|Hold", "500|850")
		upd = t + int(u01() * (NOW - t) / 4)
	} else if (t + delay > NOW) {
		status = NOW - t < 7200 ? "New" : wpick("Open|Pending", "600")
		upd = status == "New" ? t : t + int(u01() * (NOW - t))
	} else {
		solved = t + delay
		if (solved + 4 * 86400 <= NOW) {
			status = "Closed"
			upd = solved + 4 * 86400
		} else {
			status = "Solved"
			upd = solved
		}
	}
	if (status == "New")
		agent = ""

	printf "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", id, csvq(name),
		"36" sprintf("%09d", r), email, agent, CGROUP[c], csvq(subj), csvq(desc),
		tags, status, prio, via, type, csvq(CNAME[c]), stamp(t) "," stamp(upd),
		(solved == "" ? "" : stamp(solved))
}

BEGIN {
	P24 = 16777216
	P48 = P24 * P24
	LCG_A = 25214903917	# 0x5DEECE66D
	K = 20
	NDAYS = 182
	NREQ = 30000
	if (seed == "")
		seed = 1
	seed = int(seed + 0)
	lcg_seed(seed)

	DAY0 = days_from_civil(2026, 1, 5)	# a Monday
	NOW = (DAY0 + NDAYS) * 86400 + 9 * 3600
	# weekday factors, day index d % 7 (day 0 is a Monday)
	split("1.10 1.05 1.00 1.00 0.90 0.42 0.38", wf, " ")
	for (i = 0; i < 7; i++)
		WDF[i] = wf[i + 1] + 0
	# UTC hour profile (relative weights), as cumulative sums
	split("2 1 1 1 1 2 4 7 10 12 12 12 11 11 11 10 10 9 8 8 7 6 4 3", hw, " ")
	HTOT = 0
	for (i = 1; i <= 24; i++) {
		HTOT += hw[i]
		HCUM[i - 1] = HTOT
	}

	NFIRST = split("Ana Ben Carla Dmitri Emma Farid Grace Hiro Ines Jonas Kemal Lena " \
		       "Mateo Nadia Omar Priya Quentin Rosa Sven Tanvi Umar Vera Wei Yusuf Zoe", FIRST, " ")
	NLAST = split("Silva Becker Ruiz Ivanov Martin Haddad Kim Tanaka Costa Kruger Yilmaz " \
		      "Novak Lopez Rahman Okafor Sharma Dubois Moreno Larsen Patel Chen Santos", LAST, " ")
	NDOM = split("example.com example.org example.net mail.example.com", DOMAIN, " ")
	NAGENT = split("Carla Ruiz|Hugo Martin|Mei Tanaka|Sam Okafor|Lina Haddad|Tom Becker|" \
		       "Ravi Patel|Eva Novak|Joao Costa|Nina Larsen", AGENT, "|")

	NC = 0
	addcat("Account hacked", 16, "Trust & Safety", "account_hacked",
	       "My account was hacked|Someone changed my email and password|Hacked account, videos deleted",
	       "Someone logged in from another country and changed my password, ticket #.|I lost access after a login from a new device, my phone number was changed.")
	addcat("Payments", 25, "Payments", "payments",
	       "Charged twice for coins|Payment declined|Coins not received, order #",
	       "I paid for coins but the balance did not change, order #.|My card was charged twice for the same purchase, reference #.")
	addcat("LIVE streaming", 30, "Creators", "live",
	       "Cannot go LIVE|LIVE keeps disconnecting|LIVE gifts missing",
	       "The LIVE button is greyed out on my account.|My LIVE stream stops after a few minutes, every time.")
	addcat("Upload failed", 12, "Tech support", "upload_failed",
	       "Upload failed|Video stuck at 99%|Upload failed, error #",
	       "My video upload fails at the end, error code #.|Uploading takes forever and then fails, I tried wifi and mobile data.")
	addcat("Login problems", 30, "Tech support", "login",
	       "Cannot log in|Login code not arriving|Logged out and cannot log back in",
	       "The login code never arrives by SMS.|It says my password is wrong, but it is right.")
	addcat("Password reset", 28, "Tech support", "password_reset",
	       "Password reset link expired|Reset password email not received",
	       "The reset link says it has expired, request #.|I never get the reset email, I checked spam.")
	addcat("Refund request", 21, "Payments", "refund",
	       "Refund for order #|Please refund my subscription",
	       "I want a refund for order #, it was a mistake.|I cancelled but was charged again, please refund.")
	addcat("Subscription", 18, "Payments", "subscription",
	       "Cancel my subscription|Subscription not active after payment",
	       "How do I cancel the monthly subscription?|I paid, but the subscription still shows as inactive, invoice #.")
	addcat("Video playback", 27, "Tech support", "playback",
	       "Videos not loading|Black screen when playing videos",
	       "Videos keep buffering, on every network.|The screen goes black, but the sound plays.")
	addcat("Account deleted", 9, "Trust & Safety", "account_deleted",
	       "Why was my account deleted|Account banned by mistake",
	       "My account was removed without warning, user id #.|I did not break any rule, please restore my account.")
	addcat("Copyright claim", 6, "Legal", "copyright",
	       "Copyright claim on my video|My content was reposted without permission",
	       "Someone reposted my video, claim #.|My video was muted for copyright, but I own the music.")
	addcat("Report a user", 26, "Trust & Safety", "report_user",
	       "Reporting a fake account|This user is impersonating me",
	       "A fake account uses my photos, profile id #.|Someone pretends to be me and messages my followers.")
	addcat("Harassment", 12, "Trust & Safety", "harassment",
	       "Being harassed in comments|Threatening messages",
	       "A user keeps sending me threatening messages.|Hateful comments on every video I post, report #.")
	addcat("Spam", 29, "Trust & Safety", "spam",
	       "Spam comments on my videos|Bots following me",
	       "Hundreds of spam comments with links.|Bot accounts keep following and unfollowing me.")
	addcat("Verification badge", 5, "Creators", "verification",
	       "How do I get verified|Verification request #",
	       "I applied for verification, request #, and heard nothing.|What are the requirements for the badge?")
	addcat("Privacy settings", 8, "Tech support", "privacy",
	       "Make my account private|Who can see my videos",
	       "I set my account to private, but strangers still see my videos.|How do I hide my liked videos?")
	addcat("Notifications", 17, "Tech support", "notifications",
	       "No notifications|Too many notifications",
	       "I do not get any notifications since the update.|How do I turn off LIVE notifications?")
	addcat("Creator fund", 4, "Creators", "creator_fund",
	       "Creator fund payout missing|Creator fund eligibility",
	       "My payout for last month is missing, payout #.|Am I eligible for the creator fund?")
	addcat("Ads and promotions", 16, "Payments", "ads",
	       "Promote button not working|Ad rejected",
	       "My ad was rejected, campaign #, but it follows the rules.|The promote button does nothing.")
	addcat("App crash", 27, "Tech support", "app_crash",
	       "App crashes on start|App crashes when I open the camera",
	       "The app closes right after the splash screen, version 3#.|It crashes when I open the camera, every time.")

	if (truth != "") {
		printf "category\tkind\tday_index\tdate\n" >truth
		printf "Upload failed\ttrend\t0\t%s\n", day_date(0) >truth
		printf "LIVE streaming\tspike\t40\t%s\n", day_date(40) >truth
		printf "Account hacked\tspike\t100\t%s\n", day_date(100) >truth
		printf "Payments\tshift\t120\t%s\n", day_date(120) >truth
		printf "LIVE streaming\tshift\t150\t%s\n", day_date(150) >truth
		close(truth)
	}
	streams(NC)
	if (counts != "")
		printf "day_index\tdate\tcategory\tmean\tcount\n" >counts

	printf "Id,Requester,Requester id,Requester email,Assignee,Group,Subject,Description," \
	       "Tags,Status,Priority,Via,Ticket type,Category [list],Created at,Updated at,Solved at\n"
	id = 1000000
	for (d = 0; d < NDAYS; d++) {
		n = 0
		for (c = 1; c <= NC; c++) {
			m = mean_of(c, d)
			k = negbin(m, c)
			if (counts != "")
				printf "%d\t%s\t%s\t%.4f\t%d\n", d, day_date(d), CNAME[c], m, k >counts
			for (j = 0; j < k; j++) {
				n++
				# hour by inversion of the profile, then a second in it
				r = rint(HTOT)
				for (h = 0; h < 23 && r >= HCUM[h]; h++)
					;
				T[n] = h * 3600 + rint(3600)
				C[n] = c
			}
		}
		# Shell sort of 1..n by (time, category)
		for (i = 1; i <= n; i++)
			KEY[i] = T[i] * 32 + C[i]
		gap = 1
		while (gap < n)
			gap = gap * 3 + 1
		while (gap > 1) {
			gap = int(gap / 3)
			for (i = gap + 1; i <= n; i++) {
				v = KEY[i]
				for (j = i; j > gap && KEY[j - gap] > v; j -= gap)
					KEY[j] = KEY[j - gap]
				KEY[j] = v
			}
		}
		for (i = 1; i <= n; i++) {
			c = KEY[i] % 32
			emit(++id, c, (DAY0 + d) * 86400 + (KEY[i] - c) / 32)
		}
	}
	if (counts != "")
		close(counts)
}
