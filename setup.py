"""Telit Python module toolkit: onboard FOTA scripts, module emulator, deploy tool."""
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent

setup(
    name="telit-fota-toolkit",
    version="0.1.0",
    description="Keep Telit Python modules alive through Premium FOTA Management updates: "
                "onboard scripts, a full module emulator and a serial deploy tool",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.8",
    packages=["hostsim", "hostsim.commands", "deploy"],
    package_data={"hostsim": ["shims/*.py", "bridge/*.py", "scenarios/*.json"]},
    data_files=[("share/telit-fota-toolkit/onboard",
                 sorted("onboard/" + p.name for p in (HERE / "onboard").glob("*") if p.is_file()))],
    install_requires=["pyserial>=3.4", "tqdm>=4"],
    extras_require={"test": ["pytest>=7", "mock>=4", "hypothesis>=6"]},
    entry_points={"console_scripts": [
        "hostsim = hostsim.cli:main",
        "telit-deploy = deploy.cli:main",
    ], "pytest11": ["hostsim = hostsim.pytest_plugin"]},
    classifiers=[
        "Programming Language :: Python :: 3",
        "Topic :: Communications",
        "Topic :: Software Development :: Embedded Systems",
    ],
)
