-- 0008: taken by the complaints register (branch complaints). This empty
-- placeholder keeps the numbering whole on the numerique branch alone;
-- drop it when the complaints branch brings its own 0008.
-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT 1;
