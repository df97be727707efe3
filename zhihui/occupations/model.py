"""The coder's model: retrieval (two BM25 indexes) and a small listwise reranker. No Django.

Candidates for a cleaned title come from
- the NAME index: one short document per occupation, its official name and its aliases;
- the EXAMPLE index: one document per labelled training title (and per clerk's correction):
  the nearest examples vote for their occupations.
Each candidate gets a handful of features (both BM25 scores and ranks, the neighbours' votes,
whether the name or an alias is written in the title, whether the title ends like the name,
how much of the title the name covers, how common the occupation is) and a linear model
trained listwise (softmax over a title's candidates, numpy, `train`) scores them. The score of
the answer is its softmax probability among the candidates.

The model is a directory of two files: `model.npz` (arrays) and `model.json` (vocabulary,
codes, weights, the held-out figure it was accepted with). No pickle.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zhihui.occupations import rules

SHIPPED_MODEL_DIR = Path(__file__).resolve().parent / "data" / "model"
N_NAME, N_KNN_DOCS, N_KNN_CODES = 20, 80, 12  # chosen on the development fifth, not the held-out part
K1, B = 1.2, 0.75
FEATURES = [
    "name_bm25_rel", "name_bm25", "name_rank_inv", "knn_max_rel", "knn_vote", "knn_rank_inv", "knn_top1",
    "name_in_title", "title_in_name", "same_last_char", "same_last2", "coverage", "prior", "in_both", "bias_coarse",
    "def_bm25_rel", "def_rank_inv", "head2_in_name", "head1_in_name", "knn_head_vote", "knn_head_max",
]

_ASCII_RE = re.compile(r"[a-z0-9][a-z0-9+#.]*")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]+")


def tokens(text: str) -> list[str]:
    out = []
    for w in _ASCII_RE.findall(text):
        out.append("w:" + w.strip("."))
    for run in _CJK_RE.findall(text):
        out.extend("u:" + c for c in run)
        out.extend("b:" + run[i : i + 2] for i in range(len(run) - 1))
    return out


def query_text(title: str) -> str:
    """What the coder matches: the first job of the cleaned title."""
    return rules.segments(rules.clean(title))[0]


class Index:
    """BM25 over documents, stored as an inverted index (CSR arrays)."""

    def __init__(self, vocab: dict[str, int], indptr: np.ndarray, ids: np.ndarray, weights: np.ndarray, n_docs: int):
        self.vocab, self.indptr, self.ids, self.weights, self.n_docs = vocab, indptr, ids, weights, n_docs

    @classmethod
    def build(cls, docs: list[list[str]]) -> Index:
        n = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avg = float(lengths.mean()) if n else 1.0
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, d in enumerate(docs):
            for tok, tf in Counter(d).items():
                postings[tok].append((i, tf))
        vocab, indptr, ids, weights = {}, [0], [], []
        for tok in sorted(postings):
            plist = postings[tok]
            idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
            for i, tf in plist:
                ids.append(i)
                weights.append(idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[i] / avg)))
            vocab[tok] = len(vocab)
            indptr.append(len(ids))
        return cls(vocab, np.array(indptr, dtype=np.int64), np.array(ids, dtype=np.int32),
                   np.array(weights, dtype=np.float32), n)

    def scores(self, toks: list[str], exclude: np.ndarray | None = None) -> np.ndarray:
        s = np.zeros(self.n_docs, dtype=np.float32)
        for tok in set(toks):
            j = self.vocab.get(tok)
            if j is not None:
                a, b = self.indptr[j], self.indptr[j + 1]
                s[self.ids[a:b]] += self.weights[a:b]
        if exclude is not None:
            s[exclude] = 0
        return s


def _top(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k highest positive scores, best first (ties by index, as a stable sort)."""
    if not len(scores):
        return []
    if len(scores) > k:
        part = np.argpartition(-scores, k - 1)[:k]
    else:
        part = np.arange(len(scores))
    part = part[scores[part] > 0]
    return [int(i) for i in part[np.lexsort((part, -scores[part]))]]


def confidences(probs: list[float], answer: float | None = None) -> list[float]:
    """The `score` of each ranked candidate. `answer` is the score model's probability that the
    first candidate is right (`Model.answer_score`); without one (a model saved before the score
    model existed) it is p1·(1−p2) of the reranker's probabilities and an alternative's p·(1−p1).
    With one, an alternative's score is its share of the rest, (1 − answer) · p / (1 − p1), never
    above the answer's: the order of the candidates is kept."""
    if not probs:
        return []
    p1 = probs[0]
    p2 = probs[1] if len(probs) > 1 else 0.0
    if answer is None:
        return [p1 * (1 - p2)] + [p * (1 - p1) for p in probs[1:]]
    s = answer
    rest = max(1e-9, 1 - p1)
    return [s] + [min(s, (1 - s) * p / rest) for p in probs[1:]]


# --- the score model ------------------------------------------------------------------------
# Gradient-boosted trees over the confidence of a ranking and the agreement of its views, trained
# on cross-fitted predictions of the training part (`train`): the probability that the first
# candidate is the right code (docs/occupation-coding.md, "The score").
_F = {name: i for i, name in enumerate(FEATURES)}
SCORE_FEATURES = [
    "p1", "p2", "margin", "log_ratio", "entropy", "n_cands", "mass_major", "mass_small", "top5_same_major",
    "name_top_agrees", "knn_top_agrees", "def_top_agrees", "in_both", "name_bm25_rel", "name_bm25",
    "knn_max_rel", "knn_vote", "name_in_title", "title_in_name", "same_last2", "coverage", "prior",
    "knn_head_vote", "def_bm25_rel", "alias_exact", "text_len",
    # disagreement of the views: how like the text the answer's nearest labelled title and its
    # names are, against the runner-up's; the characters of the text neither explains
    "sim_nb1", "sim_nb2", "sim_nb_diff", "sim_alias1", "sim_alias2", "sim_alias_diff", "sim_best_diff",
    "unexplained", "only_runner_up",
    # the head word (the text's last two characters) in the labelled titles: how often, how
    # ambiguous, the answer's share, whether the answer is its most frequent occupation
    "head_n", "head_entropy", "head_share", "head_majority",
    # of the title as typed (not of the cleaned text)
    "title_len", "kept_share", "several_jobs", "has_ascii",
]
N_TEXT_SCORE_FEATURES = len(SCORE_FEATURES) - 4


def _grams(s: str) -> set[str]:
    s = s.replace(" ", "")
    return set(s) | {s[i : i + 2] for i in range(len(s) - 1)}


def _similarity(text_grams: set[str], other: str) -> float:
    """Jaccard similarity of character unigrams and bigrams."""
    o = _grams(other)
    return len(text_grams & o) / max(1, len(text_grams | o))


def head_features(heads: Counter | None, code: str) -> list[float]:
    """How the labelled titles ending in the text's head word are coded (`heads`: code → count)."""
    n = sum(heads.values()) if heads else 0
    if not n:
        return [0.0, 0.0, 0.0, 0.0]
    ent = -sum(v / n * math.log(v / n) for v in heads.values() if v)
    best = max(heads.values())
    return [math.log1p(n), ent, heads.get(code, 0) / n, 1.0 if heads.get(code, 0) == best else 0.0]


def view_features(model: Model, text: str, ranked: list[tuple[Candidate, float]]) -> list[float]:
    """Disagreement of the views: the answer's and the runner-up's nearest labelled titles and
    names compared with the text, and the characters of the text neither explains."""
    top = ranked[0][0]
    second = ranked[1][0] if len(ranked) > 1 else None
    tg = _grams(text)

    def aliases(code):
        pos = model.code_pos.get(code)
        return model.alias_lists[pos] if pos is not None else []

    a1 = aliases(top.code)
    a2 = aliases(second.code) if second else []
    nb2 = second.neighbours if second else []
    s_nb1 = max((_similarity(tg, n) for n in top.neighbours), default=0.0)
    s_nb2 = max((_similarity(tg, n) for n in nb2), default=0.0)
    s_al1 = max((_similarity(tg, a) for a in a1), default=0.0)
    s_al2 = max((_similarity(tg, a) for a in a2), default=0.0)
    chars = set(text.replace(" ", ""))
    explained = set("".join(a1)) | set("".join(top.neighbours))
    explained2 = set("".join(a2)) | set("".join(nb2))
    return [s_nb1, s_nb2, s_nb1 - s_nb2, s_al1, s_al2, s_al1 - s_al2, max(s_nb1, s_al1) - max(s_nb2, s_al2),
            len(chars - explained) / max(1, len(chars)), len((chars & explained2) - explained) / max(1, len(chars))]


def text_score_features(model: Model, text: str, ranked: list[tuple[Candidate, float]],
                        heads: Counter | None = None) -> list[float]:
    """The score model's features of a cleaned text's ranking (they depend on nothing else).
    `heads`: the head word's codes in the labelled titles (default: all of the model's; the
    training passes them without the title's own fold)."""
    probs = [p for _c, p in ranked]
    p1 = probs[0]
    p2 = probs[1] if len(probs) > 1 else 0.0
    top = ranked[0][0]
    f = top.features
    major, small = top.code[0], top.code[:7]
    ent = -sum(p * math.log(p) for p in probs if p > 1e-12)
    pos = model.code_pos.get(top.code)
    aliases = model.alias_lists[pos] if pos is not None else []
    return [
        p1, p2, p1 - p2, max(-10.0, min(10.0, math.log((p1 + 1e-6) / (p2 + 1e-6)))), ent, math.log(len(probs)),
        sum(p for c, p in ranked if c.code[0] == major), sum(p for c, p in ranked if c.code[:7] == small),
        sum(1 for c, _p in ranked[1:5] if c.code[0] == major) / 4.0,
        1.0 if f[_F["name_rank_inv"]] >= 0.999 else 0.0, float(f[_F["knn_top1"]]),
        1.0 if f[_F["def_rank_inv"]] >= 0.999 else 0.0, float(f[_F["in_both"]]),
        float(f[_F["name_bm25_rel"]]), float(f[_F["name_bm25"]]), float(f[_F["knn_max_rel"]]),
        float(f[_F["knn_vote"]]), float(f[_F["name_in_title"]]), float(f[_F["title_in_name"]]),
        float(f[_F["same_last2"]]), float(f[_F["coverage"]]), float(f[_F["prior"]]),
        float(f[_F["knn_head_vote"]]), float(f[_F["def_bm25_rel"]]),
        1.0 if text in aliases else 0.0, math.log1p(len(text)),
        *view_features(model, text, ranked),
        *head_features(model.head_counts(text) if heads is None else heads, top.code),
    ]


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def title_score_features(title: str, cleaned: str, n_segments: int) -> list[float]:
    """The score model's features of the title as typed: its length, how much cleaning kept,
    whether it names several jobs, whether it has Latin letters."""
    return [math.log1p(len(title)), min(1.0, len(cleaned) / max(1, len(title))), 1.0 if n_segments > 1 else 0.0,
            1.0 if _ASCII_LETTER.search(title) else 0.0]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


SCORE_TREES, SCORE_DEPTH, SCORE_LR, SCORE_BINS, SCORE_MIN_LEAF, SCORE_LAMBDA = 200, 2, 0.1, 16, 40, 1.0


def fit_boosted(X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Gradient-boosted trees for a probability (log-loss, Newton leaves, features cut at their
    quantiles). Every tree is complete to SCORE_DEPTH (a node that does not split sends every row
    left): (bias, feature[T, 2^d−1], threshold[T, 2^d−1], leaf value[T, 2^d]), the learning rate
    folded into the leaves. A row goes left when x[feature] < threshold."""
    n, d = X.shape
    n_inner, n_leaf = 2**SCORE_DEPTH - 1, 2**SCORE_DEPTH
    edges = [np.unique(np.quantile(X[:, j], np.linspace(0, 1, SCORE_BINS + 1)[1:-1])) for j in range(d)]
    binned = np.stack([np.searchsorted(edges[j], X[:, j], side="right") for j in range(d)], axis=1)
    mean = min(max(float(y.mean()), 1e-3), 1 - 1e-3)
    bias = math.log(mean / (1 - mean))
    F = np.full(n, bias)
    feat = np.zeros((SCORE_TREES, n_inner), dtype=np.int16)
    thr = np.full((SCORE_TREES, n_inner), np.inf)
    leaf = np.zeros((SCORE_TREES, n_leaf))
    for t in range(SCORE_TREES):
        p = 1 / (1 + np.exp(-F))
        g, h = p - y, p * (1 - p)
        node_rows = {0: np.arange(n)}
        for node in range(n_inner):
            idx = node_rows.pop(node)
            G, H = g[idx].sum(), h[idx].sum()
            best_gain, best = 1e-9, None
            if len(idx) >= 2 * SCORE_MIN_LEAF:
                for j in range(d):
                    bj = binned[idx, j]
                    GL = np.cumsum(np.bincount(bj, g[idx], SCORE_BINS))[:-1]
                    HL = np.cumsum(np.bincount(bj, h[idx], SCORE_BINS))[:-1]
                    CL = np.cumsum(np.bincount(bj, minlength=SCORE_BINS))[:-1]
                    gain = GL**2 / (HL + SCORE_LAMBDA) + (G - GL) ** 2 / (H - HL + SCORE_LAMBDA)
                    gain -= G**2 / (H + SCORE_LAMBDA)
                    gain[(CL < SCORE_MIN_LEAF) | (len(idx) - CL < SCORE_MIN_LEAF) | (np.arange(len(GL)) >= len(edges[j]))] = -1
                    k = int(np.argmax(gain))
                    if gain[k] > best_gain:
                        best_gain, best = gain[k], (j, k)
            if best is None:
                left = np.ones(len(idx), dtype=bool)
            else:
                j, k = best
                feat[t, node], thr[t, node] = j, edges[j][k]
                left = binned[idx, j] <= k
            node_rows[2 * node + 1], node_rows[2 * node + 2] = idx[left], idx[~left]
        for li in range(n_leaf):
            idx = node_rows[n_inner + li]
            leaf[t, li] = SCORE_LR * (-g[idx].sum() / (h[idx].sum() + SCORE_LAMBDA)) if len(idx) else 0.0
        F += _tree_values(feat[t], thr[t], leaf[t], X)
    return bias, feat, thr, leaf


def _tree_values(feat, thr, leaf, X: np.ndarray) -> np.ndarray:
    node = np.zeros(len(X), dtype=np.int64)
    for _ in range(SCORE_DEPTH):
        go_left = X[np.arange(len(X)), feat[node]] < thr[node]
        node = np.where(go_left, 2 * node + 1, 2 * node + 2)
    return leaf[node - (2**SCORE_DEPTH - 1)]


def boosted_predict(bias: float, feat, thr, leaf, X: np.ndarray) -> np.ndarray:
    F = np.full(len(X), bias)
    for t in range(len(feat)):
        F += _tree_values(feat[t], thr[t], leaf[t], X)
    return 1 / (1 + np.exp(-F))


def lowest_fifth_share(scores: np.ndarray, right: np.ndarray) -> float:
    """The share of the errors held by the 20 % lowest-scored titles (ties in the given order)."""
    order = np.argsort(scores, kind="stable")
    errors = int((~right).sum())
    cut = len(scores) // 5
    return float((~right[order[:cut]]).sum() / errors) if errors else 0.0


@dataclass
class Candidate:
    code: str
    features: np.ndarray
    neighbours: list[str]
    matched: str


class Model:
    def __init__(self, codes: list[str], names: list[str], doc_texts: list[str], name_index: Index,
                 def_index: Index, ex_index: Index, ex_codes: np.ndarray, ex_texts: list[str], prior: np.ndarray,
                 weights: np.ndarray, mean: np.ndarray, std: np.ndarray, meta: dict,
                 score_model: tuple | None = None):
        self.codes, self.names, self.doc_texts = codes, names, doc_texts
        self.name_index, self.def_index, self.ex_index = name_index, def_index, ex_index
        self.ex_codes, self.ex_texts, self.prior = ex_codes, ex_texts, prior
        self.weights, self.mean, self.std, self.meta = weights, mean, std, meta
        self.code_pos = {c: i for i, c in enumerate(codes)}
        self.set_score_model(*(score_model or (0.0, None, None, None)))
        self.alias_lists = [t.split("\n") for t in doc_texts]
        self._chars_cache: dict[int, set[str]] = {}
        self._prior = prior.tolist()
        # Titles repeat, and their dressed forms clean to the same text ("急招普工包吃住", "普工
        # 5000+" → "普工"): the ranking of a cleaned text is kept (it depends on nothing else).
        self._rank_cache: dict[str, tuple[list[tuple[str, float]], list[float] | None]] = {}
        self._heads: dict[str, Counter] | None = None

    def head_counts(self, text: str) -> Counter:
        """The codes of the labelled titles that end in the text's last two characters."""
        if self._heads is None:
            heads: dict[str, Counter] = defaultdict(Counter)
            for t, c in zip(self.ex_texts, self.ex_codes.tolist(), strict=True):
                heads[t[-2:]][self.codes[c]] += 1
            self._heads = dict(heads)
        return self._heads.get(text[-2:], Counter())

    def set_score_model(self, bias, feat, thr, leaf) -> None:
        self.score_bias, self.score_feat, self.score_thr, self.score_leaf = bias, feat, thr, leaf
        if feat is None:
            self._trees = None
            return
        # Plain lists: one title's score is a few hundred comparisons in Python (tens of µs).
        n_inner = 2**SCORE_DEPTH - 1
        self._trees = [(f.tolist(), t.tolist(), lv.tolist()) for f, t, lv in zip(feat, thr, leaf, strict=True)]
        self._n_inner = n_inner

    def answer_score(self, text_feats: list[float] | None, title_feats: list[float]) -> float | None:
        """The probability that the first candidate is right (the score model), from the cached
        features of the text's ranking and the title's own; None without a score model."""
        if text_feats is None or self._trees is None:
            return None
        x = text_feats + title_feats
        z = self.score_bias
        for feat, thr, leaf in self._trees:
            node = 0
            while node < self._n_inner:
                node = 2 * node + 1 if x[feat[node]] < thr[node] else 2 * node + 2
            z += leaf[node - self._n_inner]
        return _sigmoid(z)

    def text_features_for_score(self, text: str, ranked: list[tuple[Candidate, float]]) -> list[float] | None:
        if self._trees is None or not ranked:
            return None
        return text_score_features(self, text, ranked)

    # --- candidates and features -----------------------------------------------------------

    def candidates(self, text: str, exclude: np.ndarray | None = None) -> list[Candidate]:
        toks = tokens(text)
        if not toks:
            return []
        ns = self.name_index.scores(toks)
        name_top = _top(ns, N_NAME)
        ds = self.def_index.scores(toks)
        def_top = _top(ds, N_NAME)
        es = self.ex_index.scores(toks, exclude) if self.ex_index.n_docs else np.zeros(0, dtype=np.float32)
        ex_top = _top(es, N_KNN_DOCS)
        ex_scores = es[ex_top].tolist() if ex_top else []
        ex_codes = self.ex_codes[ex_top].tolist() if ex_top else []
        votes: dict[int, float] = defaultdict(float)
        best: dict[int, float] = {}
        near: dict[int, list[str]] = defaultdict(list)
        # Neighbours that end like the title (the head word: 总监, 司机, 分析师) say more.
        head = text[-2:] if len(text) >= 2 else text
        head_votes: dict[int, float] = defaultdict(float)
        head_best: dict[int, float] = {}
        for rank, i in enumerate(ex_top):
            c, e = ex_codes[rank], ex_scores[rank]
            votes[c] += e / (1 + rank) ** 0.5
            if head and self.ex_texts[i].endswith(head):
                head_votes[c] += e / (1 + rank) ** 0.5
                head_best[c] = max(head_best.get(c, 0.0), e)
            best[c] = max(best.get(c, 0.0), e)
            if len(near[c]) < 3:
                near[c].append(self.ex_texts[i])
        knn_codes = sorted(votes, key=lambda c: -votes[c])[:N_KNN_CODES]
        knn_codes += [c for c in sorted(head_votes, key=lambda c: -head_votes[c])[:3] if c not in knn_codes]
        pool = list(dict.fromkeys(name_top + knn_codes + def_top[:4]))
        if not pool:
            return []
        ns_pool = dict(zip(pool, ns[pool].tolist(), strict=True))
        ds_pool = dict(zip(pool, ds[pool].tolist(), strict=True))
        ns_max = float(ns[name_top[0]]) if name_top else 1.0
        best_max = max(best.values()) if best else 1.0
        vote_sum = sum(votes.values()) or 1.0
        head_sum = sum(head_votes.values()) or 1.0
        name_rank = {c: r for r, c in enumerate(name_top)}
        knn_rank = {c: r for r, c in enumerate(knn_codes)}
        def_rank = {c: r for r, c in enumerate(def_top)}
        ds_max = float(ds[def_top[0]]) if def_top else 1.0
        head2, head1 = text[-2:], text[-1:]
        chars = set(text.replace(" ", ""))
        out = []
        for c in pool:
            aliases = self.alias_lists[c]
            name_in = max((len(a) for a in aliases if a and a in text), default=0)
            title_in = any(text and text in a for a in aliases)
            name = self.names[c]
            doc_chars = self._doc_chars(c)
            nsc, dsc = ns_pool[c], ds_pool[c]
            f = [
                nsc / ns_max if ns_max > 0 else 0.0,
                nsc,
                1.0 / (1 + name_rank[c]) if c in name_rank else 0.0,
                best.get(c, 0.0) / best_max if best_max > 0 else 0.0,
                votes.get(c, 0.0) / vote_sum,
                1.0 / (1 + knn_rank[c]) if c in knn_rank else 0.0,
                1.0 if knn_codes and knn_codes[0] == c else 0.0,
                min(name_in, 6) / 6.0,
                1.0 if title_in else 0.0,
                1.0 if text and text[-1] == name[-1] else 0.0,
                1.0 if len(text) > 1 and text[-2:] == name[-2:] else 0.0,
                len(chars & doc_chars) / max(1, len(chars)),
                self._prior[c],
                1.0 if (c in name_rank and c in knn_rank) else 0.0,
                1.0 if self.codes[c].endswith("-00-00") else 0.0,
                dsc / ds_max if ds_max > 0 else 0.0,
                1.0 / (1 + def_rank[c]) if c in def_rank else 0.0,
                1.0 if len(head2) == 2 and any(head2 in a for a in aliases) else 0.0,
                1.0 if head1 and any(head1 in a for a in aliases) else 0.0,
                head_votes.get(c, 0.0) / head_sum,
                head_best.get(c, 0.0) / best_max if best_max > 0 else 0.0,
            ]
            out.append(Candidate(self.codes[c], f, near.get(c, []), ""))
        if out:
            feats = np.array([o.features for o in out], dtype=np.float32)
            for o, row in zip(out, feats, strict=True):
                o.features = row
        return out

    def matched(self, code: str, text: str) -> str:
        """The longest name or alias of `code` written in the text (for the clerk's page)."""
        aliases = self.alias_lists[self.code_pos[code]] if code in self.code_pos else []
        return next((a for a in sorted(aliases, key=len, reverse=True) if a and a in text), "")

    def _doc_chars(self, c: int) -> set[str]:
        got = self._chars_cache.get(c)
        if got is None:
            got = self._chars_cache[c] = set("".join(self.alias_lists[c]))
        return got

    RANK_CACHE_SIZE = 20_000  # texts; about 3 KB each (measured), at most 60 MB
    RANK_CACHE_DEPTH = 20  # candidates kept per text (the contract's largest --top)

    def ranked_codes(self, text: str) -> tuple[list[tuple[str, float]], list[float] | None]:
        """(code, probability) of the best candidates of a cleaned text, best first, and the score
        model's features of that ranking (None without a score model); kept for the texts already
        ranked (callers must not change the lists)."""
        got = self._rank_cache.get(text)
        if got is None:
            ranked = self.rank(text)
            got = ([(c.code, p) for c, p in ranked[: self.RANK_CACHE_DEPTH]], self.text_features_for_score(text, ranked))
            if len(self._rank_cache) < self.RANK_CACHE_SIZE:
                self._rank_cache[text] = got
        return got

    def rank(self, text: str) -> list[tuple[Candidate, float]]:
        """Every candidate of a cleaned text, best first, with its probability and features."""
        cands = self.candidates(text)
        if not cands:
            return []
        X = (np.stack([c.features for c in cands]) - self.mean) / self.std
        logits = X @ self.weights
        p = np.exp(logits - logits.max())
        p /= p.sum()
        order = np.argsort(-p)
        return [(cands[i], float(p[i])) for i in order]

    # --- storage --------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "model.npz",
            name_indptr=self.name_index.indptr, name_ids=self.name_index.ids, name_w=self.name_index.weights,
            def_indptr=self.def_index.indptr, def_ids=self.def_index.ids, def_w=self.def_index.weights,
            ex_indptr=self.ex_index.indptr, ex_ids=self.ex_index.ids, ex_w=self.ex_index.weights,
            ex_codes=self.ex_codes, prior=self.prior, weights=self.weights, mean=self.mean, std=self.std,
            **({} if self.score_feat is None else {
                "score_feat": self.score_feat, "score_thr": self.score_thr, "score_leaf": self.score_leaf,
                "score_bias": np.array([self.score_bias])}),
        )
        meta = dict(self.meta)
        meta.update(codes=self.codes, names=self.names, doc_texts=self.doc_texts, ex_texts=self.ex_texts,
                    name_vocab=list(self.name_index.vocab), ex_vocab=list(self.ex_index.vocab),
                    def_vocab=list(self.def_index.vocab), def_n=self.def_index.n_docs,
                    name_n=self.name_index.n_docs, ex_n=self.ex_index.n_docs, features=FEATURES,
                    score_features=SCORE_FEATURES if self.score_feat is not None else [])
        (directory / "model.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Model:
        meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        z = np.load(directory / "model.npz")
        name_index = Index({t: i for i, t in enumerate(meta.pop("name_vocab"))}, z["name_indptr"], z["name_ids"],
                           z["name_w"], meta.pop("name_n"))
        ex_index = Index({t: i for i, t in enumerate(meta.pop("ex_vocab"))}, z["ex_indptr"], z["ex_ids"],
                         z["ex_w"], meta.pop("ex_n"))
        def_index = Index({t: i for i, t in enumerate(meta.pop("def_vocab"))}, z["def_indptr"], z["def_ids"],
                          z["def_w"], meta.pop("def_n"))
        return cls(meta.pop("codes"), meta.pop("names"), meta.pop("doc_texts"), name_index, def_index, ex_index,
                   z["ex_codes"], meta.pop("ex_texts"), z["prior"], z["weights"], z["mean"], z["std"], meta,
                   (float(z["score_bias"][0]), z["score_feat"], z["score_thr"], z["score_leaf"])
                   if "score_feat" in z.files and meta.get("score_features") == SCORE_FEATURES else None)


# --- training ---------------------------------------------------------------------------------


def occupation_entries(with_definitions: bool = False):
    """The codes a title can be given and their official names: every occupation of the 2022
    classification (zhihui.registry.catalogues, the registry's one source), and a small group
    that has no occupation under it written as its zero-padded occupation code."""
    from zhihui.registry.catalogues import occupation_table

    rows = occupation_table().rows
    has_child = {r.parent_code for r in rows if r.level == 4}
    codes, names, definitions = [], [], []
    for r in rows:
        if r.level == 4:
            codes.append(r.code)
            names.append(r.name)
            definitions.append(r.definition)
        elif r.level == 3 and r.code not in has_child:
            codes.append(r.code + "-00")
            names.append(r.name)
            definitions.append(r.definition)
    return (codes, names, definitions) if with_definitions else (codes, names)


def official_names() -> dict[str, str]:
    """Every code of the classification at every level, padded to four parts, with its name."""
    from zhihui.registry.catalogues import occupation_table

    out = {}
    for r in occupation_table().rows:
        parts = r.code.split("-")
        padded = "-".join(parts + ["0" if len(parts) == 0 else "00"] * (4 - len(parts)))
        out.setdefault(padded, r.name)
    return out


_DEF_NOISE = re.compile(r"从事|进行|使用|人员|工作|的|和|等|及|与|或|在|中")


def _fold(phrase: str, k: int) -> int:
    return int.from_bytes(hashlib.sha256(("fold:" + phrase).encode()).digest()[:4], "big") % k


def train(examples: list[tuple[str, str, str]], *, epochs: int = 400, seed: int = 0, note: str = "",
          progress=None) -> Model:
    """examples: (title, code, group). The group keeps the dressed forms of one phrase together
    when the reranker's training features are made: a title's neighbours never include titles
    of its own group (five folds by group), as at run time for an unseen phrase.
    `progress(done, total, stage)`, when given, is called as the work goes on (the retrain job's bar)."""
    codes, names, definitions = occupation_entries(with_definitions=True)
    pos = {c: i for i, c in enumerate(codes)}
    alias = defaultdict(list)
    for c, p in rules.alias_rows():
        if c in pos:
            alias[c].append(rules.clean(p))
    doc_texts = ["\n".join([n, *alias[c]]) for c, n in zip(codes, names, strict=True)]
    name_index = Index.build([tokens(t.replace("\n", " ")) for t in doc_texts])
    # The definition says what the work is ("邮件分拣", "文字录入"): words a title uses that the
    # name does not. "人员" and the like carry nothing.
    def_index = Index.build([tokens(n + " " + _DEF_NOISE.sub(" ", d)) for n, d in zip(names, definitions, strict=True)])
    ex = [(query_text(t), pos[c], g) for t, c, g in examples if c in pos]
    ex_titles = [t for t, c, _g in examples if c in pos]
    ex_texts = [e[0] for e in ex]
    ex_codes = np.array([e[1] for e in ex], dtype=np.int32)
    ex_index = Index.build([tokens(t) for t in ex_texts])
    counts = Counter(int(c) for c in ex_codes)
    total = sum(counts.values()) or 1
    prior = np.array([math.log((counts.get(i, 0) + 0.5) / total) for i in range(len(codes))], dtype=np.float32)
    groups = [e[2] for e in ex]
    folds = np.array([_fold(g, 5) for g in groups])
    group_rows: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        group_rows[g].append(i)

    model = Model(codes, names, doc_texts, name_index, def_index, ex_index, ex_codes, ex_texts, prior,
                  np.zeros(len(FEATURES), dtype=np.float32), np.zeros(len(FEATURES), dtype=np.float32),
                  np.ones(len(FEATURES), dtype=np.float32), {})
    # Every training title's candidates, with its own fold's titles left out of the neighbours.
    items = []  # (example index, candidates, target or None)
    for i, (text, c, _g) in enumerate(ex):
        if progress and i % 200 == 0:
            progress(i, len(ex), "features")
        exclude = np.nonzero(folds == folds[i])[0]
        cands = model.candidates(text, exclude)
        if not cands:
            continue
        target = next((j for j, cand in enumerate(cands) if pos[cand.code] == c), None)
        items.append((i, cands, target))
    lists = [(np.stack([cand.features for cand in cands]), t, folds[i]) for i, cands, t in items if t is not None]
    allX = np.concatenate([x for x, _t, _f in lists]) if lists else np.zeros((1, len(FEATURES)), dtype=np.float32)
    mean = allX.mean(axis=0)
    std = allX.std(axis=0) + 1e-6
    # The bar's "fit" step: the reranker is its first half, the score model its second.
    w = _fit_reranker(lists, mean, std, epochs, (lambda d, t, st: progress(d, 2 * t, st)) if progress else None)
    model.weights, model.mean, model.std = w.astype(np.float32), mean.astype(np.float32), std.astype(np.float32)
    model.meta = {"n_examples": len(ex), "n_lists": len(lists), "note": note}

    # The score model: the reranker refitted without each fold in turn ranks that fold's titles
    # (as an unseen phrase at run time), and gradient-boosted trees learn from those rankings
    # whether the first candidate is right (a logistic regression over the same features did no
    # better than p1·(1−p2) on these rows: 48.6 % against 48.4 % of the errors in the lowest fifth). A title whose code is not among its candidates is a
    # training row too (an error the score must see).
    # The head-word counts a training title sees leave out its own fold (as for an unseen phrase).
    all_heads: dict[str, Counter] = defaultdict(Counter)
    fold_heads: list[dict[str, Counter]] = [defaultdict(Counter) for _ in range(5)]
    for i, text in enumerate(ex_texts):
        all_heads[text[-2:]][codes[ex[i][1]]] += 1
        fold_heads[folds[i]][text[-2:]][codes[ex[i][1]]] += 1
    rows, right, row_folds = [], [], []
    for f in range(5):
        w_f = _fit_reranker([lst for lst in lists if lst[2] != f], mean, std, max(100, epochs // 2), None)
        for i, cands, _t in items:
            if folds[i] != f:
                continue
            X = (np.stack([cand.features for cand in cands]) - mean) / std
            z = X @ w_f
            p = np.exp(z - z.max())
            p /= p.sum()
            order = np.argsort(-p)
            ranked = [(cands[j], float(p[j])) for j in order]
            text = ex_texts[i]
            title = ex_titles[i]
            cleaned = rules.clean(title)
            heads = all_heads[text[-2:]] - fold_heads[f][text[-2:]]
            rows.append(text_score_features(model, text, ranked, heads)
                        + title_score_features(title, cleaned, len(rules.segments(cleaned))))
            right.append(pos[ranked[0][0].code] == ex[i][1])
            row_folds.append(f)
    if rows:
        S = np.array(rows, dtype=np.float64)
        y = np.array(right, dtype=bool)
        rf = np.array(row_folds)
        # How well it ranks, on the training part only: fitted on four folds, scored on the fifth.
        cv = np.zeros(len(y))
        for f in range(5):
            cv[rf == f] = boosted_predict(*fit_boosted(S[rf != f], y[rf != f].astype(np.float64)), S[rf == f])
            if progress:
                progress(epochs + epochs * (f + 1) // 6, 2 * epochs, "fit")
        base = S[:, 0] * (1 - S[:, 1])
        model.set_score_model(*fit_boosted(S, y.astype(np.float64)))
        model.meta["score_cv"] = {
            "n": int(len(y)), "top1": float(y.mean()),
            "errors_in_lowest_20pct": lowest_fifth_share(cv, y),
            "errors_in_lowest_20pct_p1_1_minus_p2": lowest_fifth_share(base, y),
            "reliability": reliability(cv, y),
        }
    return model


def reliability(scores, right, edges=(0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001)) -> list[dict]:
    """Score bins against the share right in each (the calibration table)."""
    scores, right = np.asarray(scores, dtype=np.float64), np.asarray(right, dtype=bool)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (scores >= lo) & (scores < hi)
        n = int(m.sum())
        out.append({"from": lo, "to": min(hi, 1.0), "n": n,
                    "mean_score": float(scores[m].mean()) if n else 0.0,
                    "right": float(right[m].mean()) if n else 0.0})
    return out


def _fit_reranker(lists, mean, std, epochs: int, progress) -> np.ndarray:
    """The listwise linear reranker (softmax over a title's candidates, Adam)."""
    # Lists padded to one width, so each step is three array operations.
    width = max((len(x) for x, _t, _f in lists), default=1)
    X = np.zeros((len(lists), width, len(FEATURES)), dtype=np.float64)
    mask = np.full((len(lists), width), -np.inf)
    target = np.zeros(len(lists), dtype=np.int64)
    for i, (x, t, _f) in enumerate(lists):
        X[i, : len(x)] = (x - mean) / std
        mask[i, : len(x)] = 0.0
        target[i] = t
    rows_ = np.arange(len(lists))
    w = np.zeros(len(FEATURES), dtype=np.float64)
    m, v = np.zeros_like(w), np.zeros_like(w)
    lr, l2 = 0.05, 1e-3
    for step in range(1, epochs + 1):
        if progress and step % 40 == 0:
            progress(step, epochs, "fit")
        z = X @ w + mask
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[rows_, target] -= 1
        grad = l2 * w + np.einsum("lc,lcf->f", p, X) / max(1, len(lists))
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w
