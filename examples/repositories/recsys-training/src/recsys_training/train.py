"""Train the ranking model from the versioned clickstream snapshot."""
import argparse

import joblib
import lightgbm
import pandas as pd


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/clickstream.parquet")
    parser.add_argument("--out", default="artifacts/ranking.pkl")
    args = parser.parse_args()
    frame = pd.read_parquet(args.data)
    model = lightgbm.LGBMRanker().fit(frame.drop(columns=["label", "group"]), frame["label"], group=frame["group"])
    joblib.dump(model, args.out)


if __name__ == "__main__":
    main()
