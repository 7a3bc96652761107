-- A screen's snapshot of every station (the expo, the pass board) reads open tickets in ticket order
-- with a limit: with this index H2 walks them in order and stops at the limit, instead of sorting every
-- match in memory first (thousands of open tickets filled a 64 MB heap as the agent started).
CREATE INDEX tickets_by_seq ON tickets (seq);
