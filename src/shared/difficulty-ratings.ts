/**
 * Below this many "difficulty" ratings a course's "too difficult" share says nothing about "many
 * learners": one rating of 4 is 100 %. Five is the smallest count at which one outlier moves the
 * share by no more than 20 points. The results card (its advice) and the Analysis screen (its
 * flag, computed on the server) both hold back below it, so the two screens never disagree.
 */
export const MIN_DIFFICULTY_RATINGS = 5;
