-- 0008-reserved.sql: number 0008 belongs to the complaints register
-- (branch complaints), merged separately; this empty step only keeps the
-- versions contiguous on the call-backs branch. The merge drops it for
-- the register's own 0008.
-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT 1;
