-- A course or lesson evaluation counts once per learner (issue M1 of the second security
-- review): each push of an evaluation used to add four rating rows and a comment, so one
-- learner could outvote a class. The ratings and the comment kept are the learner's latest
-- for each course (and lesson); the statements themselves stay in `statements` as the record.
DELETE FROM feedback_ratings f
WHERE EXISTS (SELECT 1 FROM feedback_ratings g
              WHERE g.user_id = f.user_id AND g.course_id = f.course_id
                AND g.lesson_id IS NOT DISTINCT FROM f.lesson_id AND g.item = f.item
                AND (g.at, g.statement_id) > (f.at, f.statement_id));
DELETE FROM feedback_comments f
WHERE EXISTS (SELECT 1 FROM feedback_comments g
              WHERE g.user_id = f.user_id AND g.course_id = f.course_id
                AND g.lesson_id IS NOT DISTINCT FROM f.lesson_id
                AND (g.at, g.statement_id) > (f.at, f.statement_id));
-- A course evaluation has no lesson: '' (no lesson id is empty) makes it one key like the others.
CREATE UNIQUE INDEX feedback_ratings_current ON feedback_ratings (user_id, course_id, (COALESCE(lesson_id, '')), item);
CREATE UNIQUE INDEX feedback_comments_current ON feedback_comments (user_id, course_id, (COALESCE(lesson_id, '')));
