app_name = "ecosystem-map"

urlpatterns = []
