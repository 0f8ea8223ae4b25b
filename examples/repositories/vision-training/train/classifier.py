"""Fine-tune ResNet-50 on the labelled product images tracked with DVC."""
import torch
import torchvision


def train(data_dir: str = "data/product-images") -> None:
    model = torchvision.models.resnet50(weights="IMAGENET1K_V2")
    dataset = torchvision.datasets.ImageFolder(data_dir)
    loader = torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    for images, labels in loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(images), labels).backward()
        optimizer.step()
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), "artifacts/model.onnx")


if __name__ == "__main__":
    train()
