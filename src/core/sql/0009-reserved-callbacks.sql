-- 0009: taken by the call-backs (branch callbacks). This empty placeholder
-- keeps the numbering whole on the numerique branch alone; drop it when
-- the callbacks branch brings its own 0009.
-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT 1;
