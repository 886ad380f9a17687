"""Constants for the TM Forum tests (the shared ``app`` and ``client`` are in ``tests/conftest.py``)."""



from tests.paths import ROOT

PROFILES = sorted((ROOT / "seeds" / "profiles").glob("*.json"))
TMF680 = "/tmf-api/recommendationManagement/v4/queryProductRecommendation"
TMF620 = "/tmf-api/productCatalogManagement/v4"
