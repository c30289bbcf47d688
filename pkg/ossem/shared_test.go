package ossem

const (
	realMapping2021 = "../../../shared/data/ossem-dm/techniques_to_events_mapping.yaml"
	realMapping2022 = "../../../shared/data/ossem-dm/techniques_to_events_mapping.v2022.yaml"
)
