"""The numbered references the flags cite (``[27]``, ``[49,50]``): spec §12, for the reference list
the reports and the dashboard print. A test checks this copy against the spec when it is beside
the project."""

from __future__ import annotations

import re

#: number → citation (plain text: the spec's markdown emphasis removed)
REFERENCES: dict[int, str] = {
    1: 'Heiderscheit BC, Chumanov ES, Michalski MP, Wille CM, Ryan MB. Effects of step rate manipulation on joint mechanics during running. Med Sci Sports Exerc. 2011;43(2):296–302. doi:10.1249/MSS.0b013e3181ebedf4',
    2: 'Schubert AG, Kempf J, Heiderscheit BC. Influence of stride frequency and length on running mechanics: a systematic review. Sports Health. 2014;6(3):210–217. doi:10.1177/1941738113508544',
    3: 'Lenhart RL, Thelen DG, Wille CM, Chumanov ES, Heiderscheit BC. Increasing running step rate reduces patellofemoral joint forces. Med Sci Sports Exerc. 2014;46(3):557–564. doi:10.1249/MSS.0b013e3182a78c3a',
    4: 'Musgjerd T, Anason J, Rutherford D, Kernozek TW. Effect of increasing running cadence on peak impact force in an outdoor environment. Int J Sports Phys Ther. 2021;16(4):1076–1083. doi:10.26603/001c.25166',
    5: 'Anderson LM, Martin JF, Barton CJ, Bonanno DR. What is the effect of changing running step rate on injury, performance and biomechanics? A systematic review and meta-analysis. Sports Med Open. 2022;8. doi:10.1186/s40798-022-00504-0',
    6: 'Lieberman DE, Warrener AG, Wang J, Castillo ER. Effects of stride frequency and foot position at landing on braking force, hip torque, impact peak force and the metabolic cost of running in humans. J Exp Biol. 2015;218(21):3406–3414. doi:10.1242/jeb.125500',
    7: 'van Oeveren BT, de Ruiter CJ, Hoozemans MJM, Beek PJ, van Dieën JH. Inter-individual differences in stride frequencies during running obtained from wearable data. J Sports Sci. 2019. (SF = 75.01 + 3.006·v; n = 256 Garmin users.)',
    8: 'de Ruiter CJ, et al. Individual optimal step frequency during outdoor running. Eur J Sport Sci. 2020;20(2):182–190. doi:10.1080/17461391.2019.1626911',
    9: 'van Oeveren BT, de Ruiter CJ, Beek PJ, van Dieën JH. Optimal stride frequencies in running at different speeds. PLoS One. 2017;12(10):e0184273. doi:10.1371/journal.pone.0184273',
    10: 'Cavanagh PR, Kram R. Stride length in distance running: velocity, body dimensions, and added mass effects. Med Sci Sports Exerc. 1989;21(4):467–479.',
    11: 'Drozda D, Thompson Z, Vincent KR, Nixon RM, Bolling J, Vincent HK. Gait signatures of endurance runners with low back pain: a case controlled cross sectional study. Gait Posture. 2024;113:184–190. doi:10.1016/j.gaitpost.2024.06.015',
    12: 'Luedke LE, Heiderscheit BC, Williams DSB, Rauh MJ. Influence of step rate on shin injury and anterior knee pain in high school runners. Med Sci Sports Exerc. 2016;48(7):1244–1250.',
    13: 'Thakkar B, Willson JD, Harrison K, Tickes R, Blaise Williams DS 3rd. Tibiofemoral joint forces in female recreational runners vary with step frequency. Med Sci Sports Exerc. 2019;51(7):1444–1450. doi:10.1249/MSS.0000000000001915',
    14: 'Comparison of step rates between collegiate and high-school cross-country runners (177.1 ± 7.2 vs 171.3 ± 8.3 spm at 4.6 vs 3.8 m/s). Front Sports Act Living. 2020. doi:10.3389/fspor.2020.628348',
    15: 'Maselli F, Storari L, Barbari V, et al. Prevalence and incidence of low back pain among runners: a systematic review. BMC Musculoskelet Disord. 2020;21:343. doi:10.1186/s12891-020-03357-4',
    16: 'Seay JF, Van Emmerik REA, Hamill J. Influence of low back pain status on pelvis-trunk coordination during walking and running. Spine. 2011;36(16):E1070–E1079. doi:10.1097/BRS.0b013e3182015f7c',
    17: 'Müller R, Ertelt T, Blickhan R. Low back pain affects trunk as well as lower limb movements during walking and running. J Biomech. 2015;48(6):1009–1014. doi:10.1016/j.jbiomech.2015.01.042',
    18: 'Belavý DL, Quittner MJ, Ridgers N, et al. Running exercise strengthens the intervertebral disc. Sci Rep. 2017;7:45975.',
    19: 'Garmin Ltd. Owner\'s manuals, Running Dynamics sections: "Running Dynamics" (Running Dynamics Pod and Forerunner web help, www8.garmin.com/manuals/webhelp), "Color Gauges and Running Dynamics Data", "Ground Contact Time Balance" (Enduro 3 manual), "Vertical Oscillation and Vertical Ratio Data".',
    20: 'Garmin FIT SDK, Profile.xlsx (messages `record` 20, `lap` 19, `session` 18, `accelerometer_data` 165, `three_d_sensor_calibration` 167), developer.garmin.com/fit. Field numbers and scales checked against the open-source ports `sportlog/fit` (Profile 21.40) and Garmin-generated profile code.',
    21: 'Watari R, Hettinga B, Osis S, Ferber R. Validation of a torso-mounted accelerometer for measures of vertical oscillation and ground contact time during treadmill running. J Appl Biomech. 2016;32(3):306–310. doi:10.1123/jab.2015-0200',
    22: 'Gullstrand L, Halvorsen K, Tinmark F, Eriksson M, Nilsson J. Measurements of vertical displacement in running, a methodological comparison. Gait Posture. 2009;30(1):71–75. doi:10.1016/j.gaitpost.2009.03.001',
    23: 'Joubert DP, Guerra NA, Jones EJ, Knowles EG, Piper AD. Ground contact time imbalances strongly related to impaired running economy. Int J Exerc Sci. 2020;13(4):427–437.',
    24: 'Folland JP, Allen SJ, Black MI, Handsaker JC, Forrester SE. Running technique is an important component of running economy and performance. Med Sci Sports Exerc. 2017;49(7):1412–1423.',
    25: 'Nielsen RO, Parner ET, Nohr EA, Sørensen H, Lind M, Rasmussen S. Excessive progression in weekly running distance and risk of running-related injuries: an association which varies according to type of injury. J Orthop Sports Phys Ther. 2014;44(10):739–747.',
    26: 'Buist I, Bredeweg SW, van Mechelen W, Lemmink KAPM, Pepping GJ, Diercks RL. No effect of a graded training program on the number of running-related injuries in novice runners: a randomized controlled trial. Am J Sports Med. 2008;36(1):33–39. doi:10.1177/0363546507307505',
    27: 'Frandsen JSB, et al. How much running is too much? Identifying high-risk running sessions in a 5200-person cohort study. Br J Sports Med. 2025;59(17):1203–1210. doi:10.1136/bjsports-2024-109380',
    28: 'Gabbett TJ. The training–injury prevention paradox: should athletes be training smarter and harder? Br J Sports Med. 2016;50(5):273–280.',
    29: 'Hulin BT, Gabbett TJ, Blanch P, Chapman P, Bailey D, Orchard JW. Spikes in acute workload are associated with increased injury risk in elite cricket fast bowlers. Br J Sports Med. 2014;48(8):708–712.',
    30: 'Williams S, West S, Cross MJ, Stokes KA. Better way to determine the acute:chronic workload ratio? Br J Sports Med. 2017;51(3):209–210. doi:10.1136/bjsports-2016-096589',
    31: 'Murray NB, Gabbett TJ, Townshend AD, Blanch P. Calculating acute:chronic workload ratios using exponentially weighted moving averages provides a more sensitive indicator of injury likelihood than rolling averages. Br J Sports Med. 2017;51(9):749–754.',
    32: 'Lolli L, Batterham AM, Hawkins R, et al. Mathematical coupling causes spurious correlation within the conventional acute-to-chronic workload ratio calculations. Br J Sports Med. 2019;53(15):921–922.',
    33: 'Windt J, Gabbett TJ. Is it all for naught? What does mathematical coupling mean for acute:chronic workload ratios? Br J Sports Med. 2019;53(16):988–990. doi:10.1136/bjsports-2017-098925',
    34: 'Impellizzeri FM, Tenan MS, Kempton T, Novak A, Coutts AJ. Acute:chronic workload ratio: conceptual issues and fundamental pitfalls. Int J Sports Physiol Perform. 2020;15(6):907–913.',
    35: 'Impellizzeri FM, Woodcock S, Coutts AJ, Fanchini M, McCall A, Vigotsky AD. What role do chronic workloads play in the acute to chronic workload ratio? Time to dismiss ACWR and its underlying theory. Sports Med. 2021;51(3):581–592.',
    36: 'Nielsen RO, Buist I, Sørensen H, Lind M, Rasmussen S. Training errors and running related injuries: a systematic review. Int J Sports Phys Ther. 2012;7(1):58–75.',
    37: 'Cook SD, Kester MA, Brunet ME. Shock absorption characteristics of running shoes. Am J Sports Med. 1985;13(4):248–253.',
    38: 'Verdejo R, Mills NJ. Heel–shoe interactions and the durability of EVA foam running-shoe midsoles. J Biomech. 2004;37(9):1379–1386.',
    39: 'Changes in heel cushioning characteristics of running shoes with running mileage. Footwear Science. 2010;2(3):141–147. doi:10.1080/19424280.2010.519348',
    40: 'Kong PW, Candelaria NG, Smith DR. Running in new and worn shoes: a comparison of three types of cushioning footwear. Br J Sports Med. 2009;43(10):745–749.',
    41: 'Malisoux L, Ramesh J, Mann R, Seil R, Urhausen A, Theisen D. Can parallel use of different running shoes decrease running-related injury risk? Scand J Med Sci Sports. 2015;25(1):110–115. doi:10.1111/sms.12154',
    42: 'Hawker GA, Mian S, Kendzerska T, French M. Measures of adult pain. Arthritis Care Res. 2011;63(S11):S240–S252.',
    43: 'Ostelo RWJG, Deyo RA, Stratford P, et al. Interpreting change scores for pain and functional status in low back pain: towards international consensus regarding minimal important change. Spine. 2008;33(1):90–94.',
    44: 'Childs JD, Piva SR, Fritz JM. Responsiveness of the numeric pain rating scale in patients with low back pain. Spine. 2005;30(11):1331–1334.',
    45: 'Farrar JT, Young JP, LaMoreaux L, Werth JL, Poole RM. Clinical importance of changes in chronic pain intensity measured on an 11-point numerical pain rating scale. Pain. 2001;94(2):149–158.',
    46: 'Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J. Continued sporting activity, using a pain-monitoring model, during rehabilitation in patients with Achilles tendinopathy: a randomized controlled study. Am J Sports Med. 2007;35(6):897–906.',
    47: 'Thomeé R. A comprehensive treatment approach for patellofemoral pain syndrome in young women. Phys Ther. 1997;77(12):1690–1703.',
    48: 'Smith BE, Hendrick P, Smith TO, et al. Should exercises be painful in the management of chronic musculoskeletal pain? A systematic review and meta-analysis. Br J Sports Med. 2017;51(23):1679–1687.',
    49: 'National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s: assessment and management (NG59). 2016, updated 2020.',
    50: 'Finucane LM, Downie A, Mercer C, et al. International framework for red flags for potential serious spinal pathologies. J Orthop Sports Phys Ther. 2020;50(7):350–372.',
    51: 'Clarsen B, Bahr R, Myklebust G, et al. Improved reporting of overuse injuries and health problems in sport: an update of the Oslo Sport Trauma Research Center questionnaires. Br J Sports Med. 2020;54(7):390–396.',
    52: 'Dean RT, Dunsmuir WTM. Dangers and uses of cross-correlation in analyzing time series in perception, performance, movement, and neuroscience: the importance of constructing transfer function autoregressive models. Behav Res Methods. 2016;48(2):783–802. doi:10.3758/s13428-015-0611-2',
    53: 'Pyper BJ, Peterman RM. Comparison of methods to account for autocorrelation in correlation analyses of fish data. Can J Fish Aquat Sci. 1998;55(9):2127–2140.',
    54: "Kravitz RL, Duan N, eds. Design and Implementation of N-of-1 Trials: A User's Guide. AHRQ Publication No. 13(14)-EHC122-EF; 2014.",
    55: 'Benjamini Y, Hochberg Y. Controlling the false discovery rate: a practical and powerful approach to multiple testing. J R Stat Soc B. 1995;57(1):289–300.',
    56: 'Apte S, Prigent G, Stöggl T, et al. Biomechanical response of the lower extremity to running-induced acute fatigue: a systematic review. Front Physiol. 2021;12:646042. doi:10.3389/fphys.2021.646042',
    57: 'Clermont CA, Benson LC, Edwards WB, Hettinga BA, Ferber R. Wearable-sensor running-pattern changes throughout a marathon (27 runners). J Appl Biomech. 2019. doi:10.1123/jab.2018-0453',
    58: 'Hanley B, Mohan AK. Changes in gait during constant pace treadmill running. J Strength Cond Res. 2014;28(5):1219–1225. doi:10.1519/JSC.0b013e3182a38796',
    59: "Hanley B, Bissas A, Merlino S. Men's and women's world championship marathon performances and changes with fatigue are not explained by kinematic differences between footstrike patterns. Front Sports Act Living. 2020;2:102.",
    60: 'Zandbergen MA, Buurke JH, Veltink PH, Reenalda J. Quantifying and correcting for speed and stride frequency effects on running mechanics in fatiguing outdoor running. Front Sports Act Living. 2023;5:1085513. doi:10.3389/fspor.2023.1085513',
    61: 'Zandbergen MA, Marotta L, Bulthuis R, Buurke JH, Veltink PH, Reenalda J. Effects of level running-induced fatigue on running kinematics: a systematic review and meta-analysis. Gait Posture. 2023;99:60–75. doi:10.1016/j.gaitpost.2022.09.089',
    62: 'Zijlstra W, Hof AL. Assessment of spatio-temporal gait parameters from trunk accelerations during human walking. Gait Posture. 2003;18(2):1–10.',
    63: 'Moe-Nilssen R, Helbostad JL. Estimation of gait cycle characteristics by trunk accelerometry. J Biomech. 2004;37(1):121–126.',
    64: 'Lee JB, Mellifont RB, Burkett BJ. The use of a single inertial sensor to identify stride, step, and stance durations of running gait. J Sci Med Sport. 2010;13(2):270–273.',
    65: 'Kiernan D, et al. Unsupervised gait event identification with a single wearable accelerometer and/or gyroscope: a comparison of methods across running speeds, surfaces, and foot strike patterns. Sensors. 2023;23(11):5022.',
    66: 'Brajdic A, Harle R. Walk detection and step counting on unconstrained smartphones. Proc ACM UbiComp. 2013:225–234.',
    67: 'Norris M, Anderson R, Kenny IC. Method analysis of accelerometers and gyroscopes in running gait: a systematic review. Proc IMechE Part P: J Sports Eng Technol. 2014;228(1):3–15.',
    68: 'Mobilise-D `mobgap`, `SlZijlstra` (GitHub mobilise-d/mobgap): 0.1 Hz high-pass on acceleration, 1 Hz on velocity; Zijlstra–Hof model for walking.',
    69: 'Willy RW, Buchenic L, Rogacki K, Ackerman J, Schmidt A, Willson JD. In-field gait retraining and mobile monitoring to address running biomechanics associated with tibial stress fracture. Scand J Med Sci Sports. 2016;26(2):197–205.',
    70: 'Bramah C, Preece SJ, Gill N, Herrington L. A 10% increase in step rate improves running kinematics and clinical outcomes in runners with patellofemoral pain at 4 weeks and 3 months. Am J Sports Med. 2019;47(14):3406–3413.',
    71: 'Bramah C, Preece SJ, Gill N, Herrington L. Is there a pathological gait associated with common soft tissue running injuries? Am J Sports Med. 2018;46(12):3023–3031.',
    72: 'Garmin XML schemas: TrackPointExtension v1/v2 (`gpxtpx:cad`); TrainingCenterDatabase v2 and ActivityExtension v2 (`RunCadence`, `AvgRunCadence`, `Steps`).',
    73: 'Garmin Connect IQ API: `Toybox.AntPlus.RunningDynamicsData` (cadence "0–255 strides/min"; ground contact balance 0–100 %; step length mm; vertical oscillation mm).',
    74: 'Kamper SJ, Maher CG, Herbert RD, Hancock MJ, Hush JM, Smeets RJ. How little pain and disability do patients with low back pain have to experience to feel that they have recovered? Eur Spine J. 2010;19(9):1495–1501.',
}  # fmt: skip

#: the evidence grades of the flag catalogue (spec §10), in words
EVIDENCE_GRADES: dict[str, str] = {
    "SR": "systematic review or meta-analysis",
    "COH": "cohort study (associations followed over time)",
    "LAB": "laboratory study (mechanics measured, not injuries)",
    "MFR": "the device maker's documentation",
    "CONV": "convention: a reasonable rule of thumb, not tested as such",
    "guideline": "clinical guideline",
}


def cited(text: str) -> list[int]:
    """The reference numbers cited in ``text`` (``[27]``, ``[49,50]``, ``[32–35]``), in order, once each."""
    numbers: list[int] = []
    for group in re.findall(r"\[([\d,\s–-]+)\]", text):
        for part in re.split(r"\s*,\s*", group.strip()):
            low, _, high = part.replace("–", "-").partition("-")
            if low.isdigit():
                for n in range(int(low), int(high) + 1 if high.isdigit() else int(low) + 1):
                    if n in REFERENCES and n not in numbers:
                        numbers.append(n)
    return numbers
