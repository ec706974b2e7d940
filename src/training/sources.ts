import type { LabeledFileOptions } from '../labeled-file';

/** The shipped text models. */
export type ModelName = 'spam' | 'offensive';
export const MODEL_NAMES: readonly ModelName[] = ['spam', 'offensive'];

/** One labeled file a model learns from, as the data set's README describes it. */
export interface TrainingSource {
  model: ModelName;
  /** Relative to the data directory (../shared/datasets by default). */
  path: string;
  /** What the texts are, in a few words. */
  what: string;
  /** The licence as the source states it; recorded in the manifest with the weights derived from it. */
  licence: string;
  options: LabeledFileOptions;
  /** Rows left out of training and of held-back figures, with the reason. */
  skip?: { column: string; value: string; why: string };
  /**
   * The set labels hate only: its negatives that swear or insult are not learned from (they are
   * still scored), so the model does not learn that an insult is clean because it is not hate.
   */
  abusiveNegatives?: 'not-learned';
}

const NEW_CSV: LabeledFileOptions = {
  format: 'csv',
  header: true,
  textColumn: 'text',
  labelColumn: 'label',
  spamValue: '1',
};
const YOUTUBE: LabeledFileOptions = {
  format: 'csv',
  header: true,
  textColumn: 'CONTENT',
  labelColumn: 'TAG',
  spamValue: '1',
};
const youtube = (video: string): TrainingSource => ({
  model: 'spam',
  path: `spam/${video}.nooverlap.csv`,
  what: 'YouTube comments, hand-labeled (2014)',
  licence: 'none stated (youtube-spam-experiment, Alberto et al. 2014)',
  options: YOUTUBE,
});
const offensive = (file: string, what: string, licence: string, hateOnly = false): TrainingSource => ({
  model: 'offensive',
  path: `offensive/${file}`,
  what,
  licence,
  options: NEW_CSV,
  ...(hateOnly ? { abusiveNegatives: 'not-learned' as const } : {}),
});

/**
 * Every file the models are trained on. The OLID TSV is not here: olid-training-clean.csv holds
 * the same tweets less near-copies of OLID's test set (its rows are still never scored by eval,
 * which skips any text a model was trained on).
 */
export const TRAINING_SOURCES: readonly TrainingSource[] = [
  youtube('PlayStation4_x7QhUL8NUK4'),
  youtube('Avengers_NPoHPNeU9fc'),
  youtube('PewDiePie_gRyPjRrjS34'),
  {
    model: 'spam',
    path: 'spam/sms-spam-collection.tsv',
    what: 'SMS Spam Collection v1',
    licence: 'none stated (UCI dataset 228, Almeida et al. 2011)',
    options: { format: 'tsv', header: false, textColumn: 1, labelColumn: 0, spamValue: 'spam' },
  },
  {
    model: 'spam',
    path: 'spam/datacamp-blog-comments.csv',
    what: 'comments on DataCamp tutorials, 2016-2019',
    licence: 'none stated',
    options: NEW_CSV,
  },
  {
    model: 'spam',
    path: 'spam/instagram-scam-comments.csv',
    what: 'Instagram comments on finance, news and crypto accounts, ~2023',
    licence: 'MIT',
    options: { ...NEW_CSV, extraColumns: ['phrase_rule_match'] },
    skip: {
      column: 'phrase_rule_match',
      value: '1',
      why: 'may have been labelled by a phrase list rather than a person; a model would learn the list',
    },
  },
  offensive(
    'olid-training-clean.csv',
    'OLID v1.0 training tweets, less near-copies of its test set',
    'none stated',
  ),
  offensive('ethos-binary.csv', 'ETHOS: YouTube and Reddit comments, crowd-annotated hate', 'GPL-3.0', true),
  offensive(
    'stormfront-hate.csv',
    'sentences from a white-supremacist forum, hate / no hate',
    'CC BY-SA 3.0 ES',
    true,
  ),
  offensive(
    'hateval2019-en.csv',
    'HatEval 2019 tweets about immigrants and women',
    '"no restrictions" (TweetEval); Twitter\'s terms apply',
    true,
  ),
  offensive(
    'foxnews-comments-hate.csv',
    'comments on Fox News articles, 2015-2016, hateful or not',
    'MIT',
    true,
  ),
  offensive('impermium-insults.csv', 'news, blog and forum comments (2012), insult or not', 'none stated'),
  offensive(
    'youtoxic-english-1000.csv',
    'YouTube comments on the Ferguson unrest, toxic or not',
    'none stated',
  ),
  offensive(
    'hasoc2019-en-train.csv',
    'HASOC 2019 tweets and Facebook posts, hate or offensive',
    'none stated',
  ),
];
