"""Train a search ranker (A or B variant) from the search query logs."""
import argparse

import pandas as pd
import xgboost


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=["a", "b"], required=True)
    parser.add_argument("--logs", default="data/search-logs.parquet")
    args = parser.parse_args()
    frame = pd.read_parquet(args.logs)
    params = {"objective": "rank:ndcg", "max_depth": 6 if args.variant == "a" else 8}
    matrix = xgboost.DMatrix(frame.drop(columns=["label", "qid"]), label=frame["label"], qid=frame["qid"])
    xgboost.train(params, matrix, num_boost_round=300).save_model(f"ranker-{args.variant}.json")


if __name__ == "__main__":
    main()
