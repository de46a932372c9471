# gen-suggest.awk - a Zendesk export where every category's fixes have
# known failure rates, for tix-suggest's end-to-end test.
#   awk -f gen-suggest.awk > export.csv
# Each line of the plan below is: category, fix, tickets, reopened,
# repeats.  The counts are exact, not drawn: "reopened" tickets carry
# Reopens 1; "repeats" are tickets whose requester writes again (a
# Follow-up ticket with no resolution) 2 days after the solve.  Every
# other requester writes once.  A ticket is solved 5 hours after it is
# created; the satisfaction score is Good on every other ticket that did
# not fail, Bad on the failed ones, and missing otherwise.
BEGIN {
	OFS = ","
	print "Id,Requester,Subject,Description,Status,Category [list],Resolution [list]," \
	      "Created at,Solved at,Reopens,Satisfaction Score"
	# the plan: a clear winner in each of three categories, equal rates in
	# one, two good fixes and a bad one in another, and one too small
	n = split("Hacked account|Secure and reset|300|6|9;" \
		  "Hacked account|Password link only|300|45|45;" \
		  "Hacked account|Ask for ID|150|20|25;" \
		  "Login problem|Send steps|400|4|8;" \
		  "Login problem|Close, no reply|200|30|30;" \
		  "Refund|Refund issued|300|15|15;" \
		  "Refund|Coins credited|300|15|15;" \
		  "Harassment|Ban account|250|5|5;" \
		  "Harassment|Restrict comments|250|6|6;" \
		  "Harassment|Warn only|250|40|40;" \
		  "Tiny|Fix A|3|0|0;" \
		  "Tiny|Fix B|3|2|0", plan, ";")
	id = 1000
	t0 = 1767225600		# 2026-01-01T00:00:00Z
	for (p = 1; p <= n; p++) {
		split(plan[p], f, "|")
		for (i = 0; i < f[3]; i++) {
			id++
			created = t0 + id * 3600
			solved = created + 5 * 3600
			reopened = i < f[4]
			repeat = i >= f[4] && i < f[4] + f[5]
			failed = reopened || repeat
			csat = failed ? "Bad" : (i % 2 ? "Good" : "")
			who = "user" id "@example.com"
			print id, who, "\"" f[1] " ticket " id "\"", "\"about " f[1] "\"", "Solved",
			      "\"" f[1] "\"", "\"" f[2] "\"", iso(created), iso(solved), reopened, csat
			if (repeat) {
				fid = 900000 + id
				print fid, who, "\"still broken\"", "\"again\"", "Open", "Follow-up", "",
				      iso(solved + 2 * 86400), "", 0, ""
			}
		}
	}
}

# seconds since 1970 as 2026-01-01 00:00:00 +0000 (Zendesk's layout)
function iso(t,    d, s, y, m, mdays, dim) {
	d = int(t / 86400)
	s = t - d * 86400
	y = 1970
	while (d >= (dim = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365)) {
		d -= dim
		y++
	}
	split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
	if (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		mdays[2] = 29
	for (m = 1; d >= mdays[m]; m++)
		d -= mdays[m]
	return sprintf("%04d-%02d-%02d %02d:%02d:%02d +0000", y, m, d + 1, int(s / 3600),
		       int(s % 3600 / 60), s % 60)
}
