# Writes train.jsonl and test.jsonl in this folder (run it here: python3 make_topics.py). Deterministic: no randomness, fixed lists.
import json
P = {
 "food": ["we cooked a spicy soup", "the bakery sold fresh bread", "she ordered pasta with cheese",
          "they grilled fish for dinner", "he baked an apple pie", "the restaurant served rice and beans",
          "we ate sweet pancakes", "the chef made a tomato salad",
          "my aunt fried some eggs", "the cafe offered warm cookies", "he shared a bowl of noodles",
          "we tasted chocolate cake"],
 "sports": ["the team won the football match", "she ran a fast marathon", "the striker scored a late goal",
            "he swam twenty laps", "the coach trained the players", "our club lost the tennis final",
            "the runners crossed the finish line", "the goalkeeper saved a penalty",
            "the boxer won the fight", "they played basketball in the gym", "the cyclist climbed the hill",
            "the referee ended the game"],
 "weather": ["heavy rain fell all day", "a cold wind blew from the north", "the sky was sunny and clear",
             "snow covered the streets", "a storm hit the coast", "the morning was foggy and damp",
             "thunder rolled over the hills", "the afternoon was hot and humid",
             "hail damaged the roofs", "a light drizzle started", "the temperature dropped below zero",
             "clouds gathered before the storm"],
 "music": ["the band played a loud song", "she sang in the choir", "he practised the piano",
           "the orchestra performed a symphony", "the singer released a new album", "we danced to the guitar",
           "the drummer kept the rhythm", "the concert sold out",
           "the violinist tuned her strings", "they listened to jazz records", "the pianist played a waltz",
           "the crowd sang the chorus"],
}
L = list(P)
def rows(lo, hi):
    out = []
    n = hi - lo
    for i in range(n):  # one label per row
        for a in L:
            out.append({"text": P[a][lo + i].capitalize() + ".", "labels": [a]})
    for i in range(n):  # two labels per row: every pair, phrases rotated
        for x in range(len(L)):
            for y in range(x + 1, len(L)):
                a, b = L[x], L[y]
                pa, pb = P[a][lo + i], P[b][lo + (i + x + y) % n]
                out.append({"text": pa.capitalize() + " while " + pb + ".", "labels": [a, b]})
    return out
# interleave deterministically so that the file is not sorted by label count
def mix(rs):
    return [rs[(i * 7) % len(rs)] for i in range(len(rs))] if len(rs) % 7 else rs
for name, lo, hi in (("train", 0, 8), ("test", 8, 12)):
    rs = rows(lo, hi)
    rs = mix(rs)
    with open(name + ".jsonl", "w") as f:
        for r in rs: f.write(json.dumps(r) + "\n")
    print(name, len(rs))
