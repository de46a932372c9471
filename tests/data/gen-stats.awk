# gen-stats.awk - a Zendesk export whose figures per week are known, for
# tix-stats' end-to-end test.
#   awk -f gen-stats.awk > export.csv
# The current week is 2026-W02 (Monday 2026-01-05), the previous one
# 2026-W01 (Monday 2025-12-29).  Every count below is exact, not drawn.
#
# Billing, this week: 100 tickets, i = 0..99, created i hours after Monday
#   00:00, priority Normal (targets 8h and 3d).  First reply 1 + i % 10
#   hours.  i < 80 solved 4 (1 + i % 5) hours after creation, rated Bad
#   when i % 4 is 0, else Good; i >= 80 still Open.  Reopens 1 for i < 30.
#   Requesters are one per ticket, except that each odd i below 20 is the
#   requester of i - 1 (a repeat, 1 hour later) and i = 0 is the requester
#   of last week's i = 39 (129 hours earlier: a repeat across the weeks).
# Billing, last week: 40 tickets, the same plan for i = 0..39, all solved,
#   Reopens 1 for i < 2, no repeats.
# Login, both weeks: 50 tickets, created every 3 hours, priority High
#   (targets 4h and 1d), first reply 30 minutes, solved after 2 hours,
#   Reopens 1 for i < 5, Bad when i % 5 is 0, else Good: the same figures
#   in both weeks.
# Login, long ago: one ticket on hold since 2025-11-29 (backlog of both
#   weeks).
# Refund, last week only: 3 Urgent tickets, replied in 10 minutes, solved
#   after 1 hour.
BEGIN {
	OFS = ","
	print "Id,Requester,Subject,Description,Status,Priority,Category [list],Created at," \
	      "Solved at,Reopens,First reply time in minutes,Satisfaction Score"
	L = 1767571200		# 2026-01-05T00:00:00Z, this week
	P = L - 7 * 86400	# 2025-12-29T00:00:00Z, last week
	id = 5000
	for (w = 0; w < 2; w++) {
		base = w ? L : P
		n = w ? 100 : 40
		for (i = 0; i < n; i++) {
			created = base + i * 3600
			fr = 60 * (1 + i % 10)
			solved = (w && i >= 80) ? "" : iso(created + 4 * (1 + i % 5) * 3600)
			status = solved == "" ? "Open" : "Solved"
			csat = solved == "" ? "" : (i % 4 ? "Good" : "Bad")
			reopens = i < (w ? 30 : 2)
			who = "b" w "-" i "@example.com"
			if (w && i % 2 && i < 20)
				who = last
			if (w && i == 0)
				who = "b0-39@example.com"
			last = who
			print ++id, who, "\"Billing question " i "\"", "\"about a charge\"", status,
			      "Normal", "Billing", iso(created), solved, reopens, fr, csat
		}
		for (i = 0; i < 50; i++) {
			created = base + i * 3 * 3600
			print ++id, "l" w "-" i "@example.com", "\"Cannot log in\"", "\"login\"",
			      "Solved", "High", "Login", iso(created), iso(created + 7200), i < 5, 30,
			      i % 5 ? "Good" : "Bad"
		}
	}
	print ++id, "old@example.com", "\"Locked out\"", "\"still waiting\"", "Hold", "High",
	      "Login", iso(P - 30 * 86400), "", 0, "", ""
	for (i = 0; i < 3; i++)
		print ++id, "r" i "@example.com", "\"Refund please\"", "\"refund\"", "Solved",
		      "Urgent", "Refund", iso(P + (10 + i) * 3600), iso(P + (11 + i) * 3600), 0, 10, ""
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
